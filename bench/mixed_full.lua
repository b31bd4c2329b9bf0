-- wrk script: nine reads of the whole data center list (one page of the API's default 1000)
-- for each create.
local n = 0
request = function()
  n = n + 1
  if n % 10 == 0 then
    local body = '{"properties":{"name":"wrk-' .. n .. '","location":"de/fra"}}'
    return wrk.format("POST", "/cloudapi/v6/datacenters", {["Content-Type"] = "application/json", ["Authorization"] = "Basic d3JrOndyaw=="}, body)
  end
  return wrk.format("GET", "/cloudapi/v6/datacenters?depth=1", {["Authorization"] = "Basic d3JrOndyaw=="})
end

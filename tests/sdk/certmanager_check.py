"""The official ionoscloud-cert-manager SDK (3.0.0) against the ionosh emulator, unchanged: a
certificate uploaded (made here with openssl: a CA, and a certificate it issued for
www.example.com), shown with its validity and names, renamed and deleted; refused when its
chain does not start with its issuer or its key is another's; an ACME provider and an
auto-certificate naming it. Prints one line per step; exits non-zero at the first step that
fails."""

import os
import subprocess
import sys
import tempfile
import time

import ionoscloud_cert_manager as cm

URL = sys.argv[1]
client = cm.ApiClient(cm.Configuration(host=URL, token="sdk-token"))
passed = 0


def step(name):
    global passed
    passed += 1
    print(f"ok {passed}: {name}", flush=True)


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def pki(cwd):
    """A CA, a key and the certificate the CA issued for it, and another key: PEM texts."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=ionosh test CA", cwd=cwd)
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "www.key", "-out", "www.csr", "-subj", "/CN=www.example.com", cwd=cwd)
    with open(os.path.join(cwd, "san.ext"), "w") as f:
        f.write("subjectAltName=DNS:www.example.com,DNS:example.com\n")
    openssl("x509", "-req", "-in", "www.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "www.pem", "-days", "10", "-extfile", "san.ext", cwd=cwd)
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "other.key", cwd=cwd)
    read = lambda name: open(os.path.join(cwd, name)).read()
    return read("www.pem"), read("ca.pem"), read("www.key"), read("other.key")


def refused(call, status, words):
    try:
        call()
    except cm.ApiException as e:
        assert e.status == status and words in e.body, (e.status, e.body)
        return
    raise AssertionError(f"expected {status}")


with tempfile.TemporaryDirectory() as cwd:
    cert, ca, key, other_key = pki(cwd)

certificates = cm.CertificateApi(client)
upload = lambda chain, private: certificates.certificates_post(cm.CertificateCreate(properties=cm.Certificate(
    name="www", certificate=cert, certificate_chain=chain, private_key=private)))
refused(lambda: upload(cert, key), 422, "issuer")
refused(lambda: upload(ca, other_key), 422, "not the key of the certificate")
refused(lambda: upload(ca, "not a key"), 422, "privateKey")
step("refused: a chain not starting with the issuer, another's key, no key")

made = upload(ca, key)
deadline = time.time() + 60
while made.metadata.state != "AVAILABLE":
    assert time.time() < deadline
    time.sleep(0.02)
    made = certificates.certificates_find_by_id(made.id)
meta = made.metadata
assert meta.common_name == "www.example.com" and sorted(meta.subject_alternative_names) == ["example.com", "www.example.com"], meta
assert meta.expired is False and meta.not_after > meta.not_before and meta.serial_number, meta
assert made.properties.private_key is None, "the key is never shown again"
step("certificate uploaded, shown with its validity and names, never its key")

certificates.certificates_patch(made.id, cm.CertificatePatch(properties=cm.PatchName(name="www-2026")))
assert certificates.certificates_find_by_id(made.id).properties.name == "www-2026"
assert [c.id for c in certificates.certificates_get(filter_common_name="www.example").items] == [made.id]
step("certificate renamed and found by its common name")

providers = cm.ProviderApi(client)
provider = providers.providers_post(cm.ProviderCreate(properties=cm.Provider(
    name="Let's Encrypt", email="ops@example.com", server="https://acme-v02.api.letsencrypt.org/directory")))
autos = cm.AutoCertificateApi(client)
refused(lambda: autos.auto_certificates_post(cm.AutoCertificateCreate(properties=cm.AutoCertificate(
    provider="00000000-0000-0000-0000-000000000000", common_name="api.example.com", key_algorithm="rsa4096", name="api"))), 422, "provider")
auto = autos.auto_certificates_post(cm.AutoCertificateCreate(properties=cm.AutoCertificate(
    provider=provider.id, common_name="api.example.com", key_algorithm="rsa4096", name="api")))
assert autos.auto_certificates_find_by_id(auto.id).properties.common_name == "api.example.com"
step("ACME provider and an auto-certificate naming it")

for delete, read in ((autos.auto_certificates_delete, autos.auto_certificates_find_by_id),
                     (providers.providers_delete, providers.providers_find_by_id),
                     (certificates.certificates_delete, certificates.certificates_find_by_id)):
    target = {autos.auto_certificates_delete: auto.id, providers.providers_delete: provider.id}.get(delete, made.id)
    delete(target)
    deadline = time.time() + 60
    while True:
        try:
            read(target)
        except cm.ApiException as e:
            assert e.status == 404
            break
        assert time.time() < deadline
        time.sleep(0.02)
step("auto-certificate, provider and certificate deleted")
print(f"ionoscloud-cert-manager: {passed} steps passed")

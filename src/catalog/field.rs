//! Field descriptions: name on each side of the wire, type, access and value rules.

/// How a field may be used over the resource's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Set at creation and changeable later.
    ReadWrite,
    /// Set at creation only; an update that changes it is refused.
    CreateOnly,
    /// Computed by the API; ignored when sent.
    ReadOnly,
}

/// The value type of a field, as the API expects it on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// A string.
    Str,
    /// An integer.
    Int,
    /// The id of an object the API numbers (a NIC's LAN): an int, a string of digits, or a
    /// map holding such an id (the object itself), sent as an int.
    NumericId,
    /// A boolean.
    Bool,
    /// One of a fixed set of strings.
    Enum(&'static [&'static str]),
    /// A list of strings.
    StrList,
    /// A list of nested resource objects of the named kind, created with the object (the
    /// provider's envelope says where they travel; IONOS: `entities.<api>.items`).
    Children(&'static str),
    /// A list of ids of existing objects to link the object with, travelling like
    /// [`FieldType::Children`] as references `{"id": ...}`.
    IdList,
    /// An id in scripts, a reference object `{"id": ...}` on the wire (`bootVolume`).
    Reference,
    /// A list of maps passed as they are (`ipFailover: [{ip, nicUuid}]`).
    Maps,
    /// A map passed as it is (`maintenanceWindow: {dayOfTheWeek, time}`, labels).
    Map,
    /// A list of ids in scripts, a list of references `[{"id": ...}]` among the other fields
    /// on the wire (a node pool's `lans`).
    RefList,
    /// Structured data the API computes (only ever read-only).
    Json,
}

impl FieldType {
    /// Whether values of this type are nested collections rather than plain fields.
    pub fn is_entity(&self) -> bool {
        matches!(self, FieldType::Children(_) | FieldType::IdList)
    }

    /// The type in one word, as a signature shows it (`string`, `int`, `array`).
    pub fn short(&self) -> &'static str {
        match self {
            FieldType::Str | FieldType::Enum(_) | FieldType::Reference => "string",
            FieldType::Int | FieldType::NumericId => "int",
            FieldType::Bool => "bool",
            FieldType::StrList | FieldType::Children(_) | FieldType::IdList | FieldType::Maps | FieldType::RefList => {
                "array"
            }
            FieldType::Map | FieldType::Json => "map",
        }
    }

    /// The type's name as help shows it (`one of Dial, Bind`, `array of strings`).
    pub fn describe(&self) -> String {
        match self {
            FieldType::Str => "string".into(),
            FieldType::Int => "int".into(),
            FieldType::NumericId => "id (int)".into(),
            FieldType::Bool => "bool".into(),
            FieldType::Enum(values) => format!("one of {}", values.join(", ")),
            FieldType::StrList => "array of strings".into(),
            FieldType::Children(kind) => format!("array of {kind}"),
            FieldType::IdList => "array of ids".into(),
            FieldType::Reference => "id".into(),
            FieldType::Maps => "array of maps".into(),
            FieldType::Map => "map".into(),
            FieldType::RefList => "array of ids".into(),
            FieldType::Json => "object".into(),
        }
    }
}

/// A rule a value must satisfy beyond its type.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// No further rule.
    None,
    /// Inclusive integer range.
    Range(i64, i64),
    /// A string of a shape the provider describes (an IONOS location id `de/fra`).
    Pattern(&'static Pattern),
    /// An integer that is a multiple of `step` and at least `min` (RAM in MB).
    MultipleOf { step: i64, min: i64 },
    /// An IPv4 address (each item, for a list).
    Ipv4,
    /// A MAC address `aa:bb:cc:dd:ee:ff` (or with `-` between the pairs).
    Mac,
    /// A secret of `min..=max` characters drawn from `alphabet`.
    Secret { min: usize, max: usize, alphabet: &'static str },
}

/// A string shape a provider defines, with what help and errors say about it.
#[derive(Debug)]
pub struct Pattern {
    /// The shape in a word or two, for help: `country/city`.
    pub shape: &'static str,
    /// What a value must be, completing "must be ...": `a location id like de/fra or us/las`.
    pub described: &'static str,
    /// A valid value, for help's examples: `de/fra`.
    pub example: &'static str,
    /// Whether a value has the shape.
    pub matches: fn(&str) -> bool,
}

/// When a field must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Never required.
    Optional,
    /// Required by the API: a create without it is refused by the API (and the emulator).
    Required,
}

/// One field of a resource object.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Name on the wire (camelCase), e.g. `secAuthProtection`.
    pub api: &'static str,
    /// Name in Rhai maps (snake_case), e.g. `sec_auth_protection`.
    pub rhai: &'static str,
    /// Value type.
    pub ty: FieldType,
    /// Whether a create must carry it.
    pub presence: Presence,
    /// When it may be written.
    pub access: Access,
    /// Further value rule.
    pub rule: Rule,
    /// Value sent when the caller gives none; used by query options (`depth`), never to fill
    /// in resource properties the user left out.
    pub default: Option<&'static str>,
    /// One-line description shown in help.
    pub doc: &'static str,
    /// A valid value as Rhai source, for help's examples, where its type says too little (a
    /// DNS zone's name, a cluster's connection).
    pub example: Option<&'static str>,
}

impl Field {
    /// Whether the field holds a secret (a password, a key, a token): its value is never shown.
    pub fn is_secret(&self) -> bool {
        matches!(self.rule, Rule::Secret { .. }) || crate::secrets::is_secret_key(self.api)
    }

    /// A read-write optional field of the given type, the most common kind; refine with the
    /// builder methods below.
    pub const fn new(api: &'static str, rhai: &'static str, ty: FieldType, doc: &'static str) -> Self {
        Field {
            api,
            rhai,
            ty,
            presence: Presence::Optional,
            access: Access::ReadWrite,
            rule: Rule::None,
            default: None,
            doc,
            example: None,
        }
    }

    /// Marks the field required at creation, by the API.
    pub const fn required(mut self) -> Self {
        self.presence = Presence::Required;
        self
    }

    /// Marks the field immutable after creation.
    pub const fn create_only(mut self) -> Self {
        self.access = Access::CreateOnly;
        self
    }

    /// Marks the field computed by the API.
    pub const fn read_only(mut self) -> Self {
        self.access = Access::ReadOnly;
        self
    }

    /// Sets the value sent when the caller gives none.
    pub const fn default(mut self, value: &'static str) -> Self {
        self.default = Some(value);
        self
    }

    /// Sets the value help's examples show.
    pub const fn example(mut self, value: &'static str) -> Self {
        self.example = Some(value);
        self
    }

    /// Adds a value rule.
    pub const fn rule(mut self, rule: Rule) -> Self {
        self.rule = rule;
        self
    }
}

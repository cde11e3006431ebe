//! The two macros that shape the wire types.
//!
//! * `string_enum!` makes an *open* string enum: the values OCI documents, plus
//!   `Other(String)` so a value added by the service later still parses and
//!   serializes back unchanged.
//! * `tagged_enum!` makes a union discriminated by one JSON key (`type`,
//!   `role`, `apiFormat`, …) whose variants are structs that write their own tag
//!   (`#[serde(tag = "…", rename = "…")]` on the struct), plus `Other(Value)` for
//!   discriminators this crate does not know. Deserialization goes through
//!   `super::tagged`, which reads the variant straight from the input when the
//!   tag comes first (as OCI sends it) and buffers only otherwise.

/// An open string enum: known values as unit variants, anything else as
/// `Other(String)`. Matching is exact (OCI enum values are case-sensitive).
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this crate does not know, kept exactly as received.
            ///
            /// Build values with `From<&str>` so that a known value never ends
            /// up here.
            Other(String),
        }

        impl $name {
            /// Every value this crate knows, in wire form.
            pub const KNOWN: &'static [&'static str] = &[$($value),+];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )+
                    Self::Other(other) => other,
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )+
                    _ => Self::Other(value.to_owned()),
                }
            }
        }

        impl ::core::convert::From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $( $value => Self::$variant, )+
                    _ => Self::Other(value),
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ValueVisitor;

                impl ::serde::de::Visitor<'_> for ValueVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " string"))
                    }

                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }

                    fn visit_string<E: ::serde::de::Error>(self, value: String) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }

                deserializer.deserialize_str(ValueVisitor)
            }
        }
    };
}

/// A union discriminated by one JSON key, each variant a struct that writes its
/// own tag, plus `Other(serde_json::Value)`.
macro_rules! tagged_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident (tag = $tag:literal) {
            $( $(#[$vmeta:meta])* $value:literal => $variant:ident($ty:ty), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant($ty), )+
            /// A variant this crate does not know (or an object without a
            /// string tag), kept exactly as received.
            Other(::serde_json::Value),
        }

        impl $name {
            /// The discriminator as it appears on the wire, if there is one.
            pub fn tag(&self) -> Option<&str> {
                match self {
                    $( Self::$variant(_) => Some($value), )+
                    Self::Other(value) => value.get($tag).and_then(::serde_json::Value::as_str),
                }
            }
        }

        $(
            impl ::core::convert::From<$ty> for $name {
                fn from(value: $ty) -> Self {
                    Self::$variant(value)
                }
            }
        )+

        impl $crate::wire::tagged::Tagged for $name {
            const TAG: &'static str = $tag;
            const EXPECTING: &'static str = concat!("a ", stringify!($name), " object");

            fn is_known(tag: &str) -> bool {
                matches!(tag, $($value)|+)
            }

            fn from_known<'de, D: ::serde::Deserializer<'de>>(tag: &str, de: D) -> Result<Self, D::Error> {
                match tag {
                    $( $value => <$ty as ::serde::Deserialize>::deserialize(de).map(Self::$variant), )+
                    other => Err(<D::Error as ::serde::de::Error>::unknown_variant(other, &[$($value),+])),
                }
            }

            fn other(value: ::serde_json::Value) -> Self {
                Self::Other(value)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::wire::tagged::deserialize(deserializer)
            }
        }
    };
}

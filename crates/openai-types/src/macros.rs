//! The `string_enum!` macro and the serde helpers shared by the wire types.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// Defines a `#[non_exhaustive]` enum of known wire strings plus `Other(String)`.
///
/// OpenAI and OpenAI-compatible backends keep adding values (`"eos"` from OpenRouter, `""` from
/// SGLang, `"on_demand"` service tiers), and a closed enum turns each of them into a parse
/// failure. The generated type serialises through `as_str()` and deserialises through
/// `From<String>`, so an unknown value survives a round-trip byte for byte. `#[serde(other)]` is
/// not used because it throws the value away.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $value:literal,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )+
            /// A value this crate does not know, kept verbatim so that it round-trips.
            ///
            /// Build values with `From<&str>`/`From<String>`, which never put a known value here.
            Other(String),
        }

        impl $name {
            /// The value as it appears on the wire.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)+
                    Self::Other(other) => other,
                }
            }

            fn from_known(value: &str) -> Option<Self> {
                match value {
                    $($value => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::from_known(&value).unwrap_or(Self::Other(value))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_known(value).unwrap_or_else(|| Self::Other(value.to_owned()))
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
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
                deserializer.deserialize_str($crate::macros::StringEnumVisitor::<Self>::new(
                    stringify!($name),
                ))
            }
        }

        impl $crate::macros::StringEnum for $name {
            fn wire_str(&self) -> &str {
                self.as_str()
            }
        }
    };
}

pub(crate) use string_enum;

/// Implemented by every `string_enum!` type so generic helpers can look at the wire value.
pub(crate) trait StringEnum {
    fn wire_str(&self) -> &str;
}

/// Deserialises a `string_enum!` type without allocating for known values.
pub(crate) struct StringEnumVisitor<T> {
    name: &'static str,
    marker: PhantomData<T>,
}

impl<T> StringEnumVisitor<T> {
    pub(crate) fn new(name: &'static str) -> Self {
        Self {
            name,
            marker: PhantomData,
        }
    }
}

impl<T> Visitor<'_> for StringEnumVisitor<T>
where
    T: From<String> + for<'a> From<&'a str>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string ({})", self.name)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }
}

/// Reads an optional `string_enum!` value, treating `""` like `null`.
///
/// SGLang (sgl-project/sglang#3912) and Perplexity (pollinations/pollinations#4985) send
/// `"finish_reason": ""` on chunks that are not final; an empty string is never a real value
/// of these enums, so it means "absent".
pub(crate) fn empty_as_none<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + StringEnum,
{
    Ok(Option::<T>::deserialize(deserializer)?.filter(|value| !value.wire_str().is_empty()))
}

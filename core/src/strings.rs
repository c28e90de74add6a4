//! Every string inside a value, visited without copying: a `serde` serializer that writes
//! nothing and hands each string it meets to a callback.
//!
//! Why by hand: the check that no `{timescale:…}` placeholder is left in any text
//! ([`crate::lengths::unfilled`]) must see every field of every item, including fields added
//! later, so it goes through the items' `Serialize` form. Converting each item to a
//! `toml::Value` for that nearly doubled the time to load a pack (7.5 s → 13.8 s for 2 000
//! damaged packs), because it copies every string into a new tree; this visitor copies
//! nothing and costs a few per cent.

use serde::Serialize;
use serde::ser;

/// Calls `each` with every string in `value` (map keys included). A value serde cannot
/// represent stops the walk early; nothing in the content model is such a value.
pub(crate) fn each_string<T: Serialize + ?Sized>(value: &T, each: &mut dyn FnMut(&str)) {
    let _ = value.serialize(&mut Walk { each });
}

struct Walk<'a> {
    each: &'a mut dyn FnMut(&str),
}

/// Never made: the walk never fails, except where serde itself refuses a value.
#[derive(Debug)]
pub(crate) struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not walked")
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<M: std::fmt::Display>(_: M) -> Stop {
        Stop
    }
}

type Done = Result<(), Stop>;

impl<'w> ser::Serializer for &mut Walk<'w> {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_str(self, v: &str) -> Done {
        (self.each)(v);
        Ok(())
    }
    fn serialize_bool(self, _: bool) -> Done {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Done {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> Done {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> Done {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> Done {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> Done {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> Done {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> Done {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> Done {
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Done {
        Ok(())
    }
    fn serialize_f64(self, _: f64) -> Done {
        Ok(())
    }
    fn serialize_char(self, _: char) -> Done {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Done {
        Ok(())
    }
    fn serialize_none(self) -> Done {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Done {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Done {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Done {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        v: &T,
    ) -> Done {
        v.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Stop> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Stop> {
        Ok(self)
    }
}

/// Each compound value: its parts are walked in turn, and ending it does nothing.
macro_rules! parts {
    ($($trait:ident { $($method:ident($($name:ident: $ty:ty),*));* })*) => {$(
        impl<'w> ser::$trait for &mut Walk<'w> {
            type Ok = ();
            type Error = Stop;
            $(fn $method<T: Serialize + ?Sized>(&mut self, $($name: $ty,)* v: &T) -> Done {
                $(let _ = $name;)*
                v.serialize(&mut **self)
            })*
            fn end(self) -> Done {
                Ok(())
            }
        }
    )*};
}

parts! {
    SerializeSeq { serialize_element() }
    SerializeTuple { serialize_element() }
    SerializeTupleStruct { serialize_field() }
    SerializeTupleVariant { serialize_field() }
    SerializeMap { serialize_key(); serialize_value() }
    SerializeStruct { serialize_field(key: &'static str) }
    SerializeStructVariant { serialize_field(key: &'static str) }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Serialize)]
    struct Item {
        id: String,
        hint: Option<String>,
        count: u32,
        texts: Vec<String>,
        notes: BTreeMap<String, String>,
        kind: Kind,
    }

    #[derive(Serialize)]
    enum Kind {
        Said { words: String },
    }

    #[test]
    fn every_string_is_seen_once_in_order() {
        let item = Item {
            id: "a".into(),
            hint: Some("b".into()),
            count: 3,
            texts: vec!["c".into(), "d".into()],
            notes: [("e".to_owned(), "f".to_owned())].into(),
            kind: Kind::Said { words: "g".into() },
        };
        let mut seen = Vec::new();
        each_string(&item, &mut |s| seen.push(s.to_owned()));
        assert_eq!(seen, ["a", "b", "c", "d", "e", "f", "g"]);
    }
}

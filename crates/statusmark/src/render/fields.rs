//! Views as templates read them: each view a template value whose fields are found by a `match`
//! on the name ([`template_fields!`]), made without serde.
//!
//! A `#[derive(Serialize)]` view becomes, through minijinja's serialiser, a list of (name, value)
//! pairs that every `incident.title` searches from the start, comparing names; those searches and
//! the serialiser's work were about 6 % of a build's instructions at N = 10,000 (an incident page
//! reads about 40 fields of its incident and each of its updates').

use minijinja::Value;

/// What a field is as a template value: what minijinja's serialiser makes of it (`None` is
/// `none`, a list a sequence, a view an object of its fields).
pub trait ToValue {
    fn to_value(&self) -> Value;
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::from(self)
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::from(self.as_str())
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::from(*self)
    }
}

impl ToValue for usize {
    fn to_value(&self) -> Value {
        Value::from(*self)
    }
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::from(()), ToValue::to_value)
    }
}

impl<T: ToValue> ToValue for [T] {
    fn to_value(&self) -> Value {
        Value::from(self.iter().map(ToValue::to_value).collect::<Vec<_>>())
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value {
        self.as_slice().to_value()
    }
}

/// A view's fields for templates: `template_fields!(View<'_> { a, b })` gives `View` a
/// [`ToValue`] (an object answering `a` and `b`, by a `match`, in that order when listed) and a
/// `Serialize` that passes that object to minijinja (so a view inside a serialised one, or given
/// to `vars!`, is the same object). Fields not listed are not seen by templates. Views are for
/// templates only: serialised elsewhere (JSON) the object is a map of the listed fields.
macro_rules! template_fields {
    ($ty:ident $(<$lt:lifetime>)? { $($field:ident),+ $(,)? }) => {
        impl $crate::render::fields::ToValue for $ty $(<$lt>)? {
            fn to_value(&self) -> ::minijinja::Value {
                #[derive(Debug)]
                struct Fields {
                    $($field: ::minijinja::Value,)+
                }
                impl ::minijinja::value::Object for Fields {
                    fn repr(self: &::std::sync::Arc<Self>) -> ::minijinja::value::ObjectRepr {
                        ::minijinja::value::ObjectRepr::Map
                    }
                    fn get_value(self: &::std::sync::Arc<Self>, key: &::minijinja::Value) -> Option<::minijinja::Value> {
                        self.get_value_by_str(key.as_str()?)
                    }
                    fn get_value_by_str(self: &::std::sync::Arc<Self>, key: &str) -> Option<::minijinja::Value> {
                        match key {
                            $(stringify!($field) => Some(self.$field.clone()),)+
                            _ => None,
                        }
                    }
                    fn enumerate(self: &::std::sync::Arc<Self>) -> ::minijinja::value::Enumerator {
                        ::minijinja::value::Enumerator::Str(&[$(stringify!($field)),+])
                    }
                    fn enumerator_len(self: &::std::sync::Arc<Self>) -> Option<usize> {
                        Some([$(stringify!($field)),+].len())
                    }
                }
                ::minijinja::Value::from_object(Fields {
                    $($field: $crate::render::fields::ToValue::to_value(&self.$field),)+
                })
            }
        }
        impl ::serde::Serialize for $ty $(<$lt>)? {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&$crate::render::fields::ToValue::to_value(self), s)
            }
        }
    };
}
pub(crate) use template_fields;

#[cfg(test)]
mod tests {
    use super::*;

    struct Inner {
        at: &'static str,
    }
    template_fields!(Inner { at });

    struct View<'a> {
        title: &'a str,
        lang: Option<&'static str>,
        shown: bool,
        inner: Inner,
        list: Vec<Inner>,
        #[allow(dead_code)]
        hidden: String,
    }
    template_fields!(View<'_> { title, lang, shown, inner, list });

    fn view() -> View<'static> {
        View {
            title: "A <b>",
            lang: None,
            shown: true,
            inner: Inner { at: "x" },
            list: vec![Inner { at: "1" }, Inner { at: "2" }],
            hidden: "not listed".to_owned(),
        }
    }

    #[test]
    fn templates_read_what_the_serialised_view_gave_them() {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        let template = "{{ v.title }}|{{ v.lang is none }}|{{ v.shown }}|{{ v.inner.at }}|{% for i in v.list %}{{ i.at }}{% endfor %}|{{ v.list|length }}|{{ v|length }}|{{ v.hidden is defined }}|{% if v.inner %}t{% endif %}";
        let shown = env.render_str(template, minijinja::context! { v => view() }).unwrap();
        assert_eq!(shown, "A <b>|True|True|x|12|2|5|False|t");
        let direct = env
            .render_str(template, minijinja::context! { v => view().to_value() })
            .unwrap();
        assert_eq!(direct, shown);
    }

    #[test]
    fn elsewhere_a_view_serialises_as_a_map_of_its_fields_in_order() {
        let json = serde_json::to_string(&view()).unwrap();
        assert_eq!(
            json,
            r#"{"title":"A <b>","lang":null,"shown":true,"inner":{"at":"x"},"list":[{"at":"1"},{"at":"2"}]}"#
        );
    }
}

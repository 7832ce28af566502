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
/// to `vars!`, is the same object). Fields not listed are not seen by templates: a field added to
/// a view must be added to its list too (the default theme's templates fail on a missing one, as
/// undefined). Views are for templates only: serialised elsewhere (JSON) the object is a map of
/// the listed fields.
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

    /// A view, and the same view as `#[derive(Serialize)]` made it before (`Derived`).
    macro_rules! twins {
        ($($field:ident: $ty:ty),+) => {
            struct View<'a> {
                $($field: $ty,)+
                inner: Inner,
                list: Vec<Inner>,
                #[allow(dead_code)]
                hidden: String,
            }
            #[derive(serde::Serialize)]
            struct Derived<'a> {
                $($field: $ty,)+
                inner: DerivedInner,
                list: Vec<DerivedInner>,
            }
            fn derived(lang: Option<&'static str>, note: Option<String>) -> Derived<'static> {
                let v = view(lang, note);
                Derived {
                    $($field: v.$field,)+
                    inner: DerivedInner { at: v.inner.at },
                    list: v.list.iter().map(|i| DerivedInner { at: i.at }).collect(),
                }
            }
        };
    }
    twins!(title: &'a str, lang: Option<&'static str>, note: Option<String>, shown: bool, count: usize, html: Value);
    template_fields!(View<'_> { title, lang, note, shown, count, html, inner, list });

    #[derive(serde::Serialize)]
    struct DerivedInner {
        at: &'static str,
    }

    fn view(lang: Option<&'static str>, note: Option<String>) -> View<'static> {
        View {
            title: "A <b> & 'c'",
            lang,
            note,
            shown: true,
            count: 3,
            html: Value::from_safe_string("<p>safe</p>".to_owned()),
            inner: Inner { at: "x" },
            list: vec![Inner { at: "1" }, Inner { at: "2" }],
            hidden: "not listed".to_owned(),
        }
    }

    /// Templates (HTML, so escaped) read what they read from the serialised struct before, with
    /// each kind of field and `None` and `Some`; the field not listed is not there.
    #[test]
    fn templates_read_what_the_serialised_view_gave_them() {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        let template = "{{ v.title }}|{{ v.lang }}|{{ v.lang is none }}|{{ v.note }}|{{ v.shown }}|{{ v.count + 1 }}|{{ v.html }}|{{ v.inner.at }}|{% for i in v.list %}{{ i.at }}{% endfor %}|{{ v.list|length }}|{{ v|length }}|{{ v.hidden is defined }}|{% if v.inner %}t{% endif %}|{{ v }}";
        env.add_template("t.html", template).unwrap();
        let t = env.get_template("t.html").unwrap();
        for (lang, note) in [(None, None), (Some("de"), Some("n <i>".to_owned()))] {
            let before = t
                .render(minijinja::context! { v => derived(lang, note.clone()) })
                .unwrap();
            let now = t.render(minijinja::context! { v => view(lang, note.clone()) }).unwrap();
            assert_eq!(now, before);
            assert!(now.starts_with("A &lt;b&gt; &amp; &#x27;c&#x27;|"), "{now}");
            assert!(now.contains("|<p>safe</p>|"), "safe HTML stays as it is: {now}");
            let direct = t
                .render(minijinja::context! { v => view(lang, note).to_value() })
                .unwrap();
            assert_eq!(direct, before);
        }
    }

    #[test]
    fn elsewhere_a_view_serialises_as_a_map_of_its_fields_in_order() {
        let now = serde_json::to_string(&view(Some("de"), None)).unwrap();
        assert_eq!(now, serde_json::to_string(&derived(Some("de"), None)).unwrap());
        assert_eq!(
            now,
            r#"{"title":"A <b> & 'c'","lang":"de","note":null,"shown":true,"count":3,"html":"<p>safe</p>","inner":{"at":"x"},"list":[{"at":"1"},{"at":"2"}]}"#
        );
    }
}

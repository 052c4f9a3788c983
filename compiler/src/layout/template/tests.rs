use super::*;

fn seg(name: &str, kind: Kind) -> Part {
    Part::Segment(Segment {
        name: name.into(),
        kind,
    })
}

fn lit(text: &str) -> Part {
    Part::Literal(text.into())
}

fn int(pad: Option<usize>) -> Kind {
    Kind::Int { long: false, pad }
}

#[test]
fn templates_split_into_literals_and_segments() {
    let parts =
        parse_template("orders/{customer}/dt={day: date}/part-{n: int:05}.parquet").unwrap();
    let names: Vec<String> = parts
        .iter()
        .map(|p| match p {
            RawPart::Literal { text, offset } => format!("L{offset}:{text}"),
            RawPart::Segment(s) => format!(
                "S{}:{}:{:?}:{:?}",
                s.offset,
                s.name,
                s.ty.as_ref().map(|t| &t.0),
                s.pad.map(|p| p.0)
            ),
        })
        .collect();
    assert_eq!(
        names,
        [
            "L0:orders/",
            "S7:customer:None:None",
            "L17:/dt=",
            "S21:day:Some(\"date\"):None",
            "L32:/part-",
            "S38:n:Some(\"int\"):Some(5)",
            "L49:.parquet",
        ]
    );
}

#[test]
fn a_format_alone_and_a_pinned_type_parse() {
    let parts = parse_template("{n:03}/{c: shop.common.Currency@3}").unwrap();
    let RawPart::Segment(n) = &parts[0] else {
        panic!()
    };
    assert_eq!((n.ty.clone(), n.pad), (None, Some((3, 3))));
    let RawPart::Segment(c) = &parts[2] else {
        panic!()
    };
    assert_eq!(c.ty, Some(("shop.common.Currency@3".to_string(), 11)));
}

#[test]
fn template_syntax_errors_point_at_the_problem() {
    let cases = [
        ("", 0, "empty"),
        ("/a", 0, "start with"),
        ("a//b", 1, "empty directory"),
        ("a/{b", 2, "not closed"),
        ("a}", 1, "without"),
        ("a b", 1, "cannot be written"),
        ("a%b", 1, "cannot be written"),
        ("a*", 1, "cannot be written"),
        ("é", 0, "cannot be written"),
        ("{1x}", 0, "not a segment name"),
        ("{}", 0, "not a segment name"),
        ("{a:5}", 0, "not a format"),
        ("{a:int:00}", 0, "not a format"),
        ("{a:int:021}", 0, "not a format"),
        ("{a:05:int}", 0, "not a format"),
        ("{a:int:string}", 0, "cannot read"),
        ("{a:{b}}", 0, "not closed"),
    ];
    for (text, offset, message) in cases {
        let error = parse_template(text).unwrap_err();
        assert_eq!(error.offset, offset, "{text}: {error:?}");
        assert!(error.message.contains(message), "{text}: {error:?}");
        assert!(!error.hint.is_empty());
    }
}

#[test]
fn ambiguity_rules() {
    let adjacent = Template {
        parts: vec![seg("a", int(None)), seg("b", int(None))],
    };
    assert_eq!(ambiguities(&adjacent), [Ambiguity::Adjacent(0, 1)]);
    // An unbounded string directly followed by `-` is fine: strings escape `-`.
    let string_dash = Template {
        parts: vec![seg("s", Kind::String), lit("-"), seg("n", int(None))],
    };
    assert!(ambiguities(&string_dash).is_empty());
    // ... but a string followed by a digit or a letter is not.
    let string_letter = Template {
        parts: vec![seg("s", Kind::String), lit("x")],
    };
    assert_eq!(ambiguities(&string_letter), [Ambiguity::Swallows(0, 'x')]);
    // Integers and dates contain `-`.
    let date_dash = Template {
        parts: vec![seg("d", Kind::Date), lit("-"), seg("n", int(Some(3)))],
    };
    assert_eq!(ambiguities(&date_dash), [Ambiguity::Swallows(0, '-')]);
    let uuid_letter = Template {
        parts: vec![seg("u", Kind::Uuid), lit("b")],
    };
    assert_eq!(ambiguities(&uuid_letter), [Ambiguity::Swallows(0, 'b')]);
    let uuid_g = Template {
        parts: vec![seg("u", Kind::Uuid), lit("g")],
    };
    assert!(ambiguities(&uuid_g).is_empty());
    let enum_dot = Template {
        parts: vec![seg("e", Kind::Enum(vec!["A".into()])), lit(".json")],
    };
    assert!(ambiguities(&enum_dot).is_empty());
}

#[test]
fn strings_are_percent_escaped() {
    assert_eq!(escape(""), "%");
    assert_eq!(escape("abc_XYZ09"), "abc_XYZ09");
    assert_eq!(escape("a/b"), "a%2Fb");
    assert_eq!(escape("%"), "%25");
    assert_eq!(escape("k=v"), "k%3Dv");
    assert_eq!(escape("a-b.c~"), "a%2Db%2Ec%7E");
    assert_eq!(escape("é"), "%C3%A9");
    for text in ["", "a/b", "%", "%%", "é€😀", " ", "\0"] {
        assert_eq!(unescape(&escape(text)).as_deref(), Some(text));
    }
    // Only canonical texts parse.
    let s = Segment {
        name: "s".into(),
        kind: Kind::String,
    };
    for bad in ["%2f", "%2", "%G0", "%41", "%C3", "%%"] {
        assert!(parse_value(&s, bad).is_err(), "{bad}");
    }
}

#[test]
fn integers_dates_and_others_format_canonically() {
    let padded = Segment {
        name: "n".into(),
        kind: int(Some(5)),
    };
    assert_eq!(format_value(&padded, &Value::Int(42)).unwrap(), "00042");
    assert_eq!(format_value(&padded, &Value::Int(-42)).unwrap(), "-0042");
    assert_eq!(
        format_value(&padded, &Value::Int(1234567)).unwrap(),
        "1234567"
    );
    assert_eq!(parse_value(&padded, "00042").unwrap(), Value::Int(42));
    assert!(parse_value(&padded, "42").is_err());
    let plain = Segment {
        name: "n".into(),
        kind: int(None),
    };
    assert!(parse_value(&plain, "007").is_err());
    assert!(parse_value(&plain, "-0").is_err());
    assert!(parse_value(&plain, "2147483648").is_err());
    assert!(format_value(&plain, &Value::Int(1 << 40)).is_err());
    assert_eq!(format_date(0).as_deref(), Some("1970-01-01"));
    assert_eq!(format_date(19_000).as_deref(), Some("2022-01-08"));
    assert_eq!(parse_date("2024-02-29"), Some(19_782));
    assert_eq!(parse_date("2023-02-29"), None);
    assert_eq!(parse_date("0000-01-01"), Some(-719_528));
    assert_eq!(format_date(-719_528).as_deref(), Some("0000-01-01"));
    assert_eq!(format_date(-719_529), None);
    assert_eq!(format_date(2_932_896).as_deref(), Some("9999-12-31"));
    assert_eq!(format_date(2_932_897), None);
    let u = Segment {
        name: "u".into(),
        kind: Kind::Uuid,
    };
    let id = "123e4567-e89b-12d3-a456-426614174000";
    assert_eq!(parse_value(&u, id).unwrap(), Value::Uuid(id.into()));
    assert!(format_value(&u, &Value::Uuid(id.to_uppercase())).is_err());
}

#[test]
fn paths_format_and_parse_and_errors_name_the_segment() {
    let template = Template {
        parts: vec![
            lit("orders/"),
            seg("customer", Kind::String),
            lit("/dt="),
            seg("day", Kind::Date),
            lit("/part-"),
            seg("part", int(Some(5))),
            lit(".parquet"),
        ],
    };
    let values: Values = [
        ("customer".to_string(), Value::Str("a/b=c".into())),
        ("day".to_string(), Value::Date(19_782)),
        ("part".to_string(), Value::Int(7)),
    ]
    .into();
    let path = format_path(&template, &values).unwrap();
    assert_eq!(path, "orders/a%2Fb%3Dc/dt=2024-02-29/part-00007.parquet");
    assert_eq!(parse_path(&template, &path).unwrap(), values);
    let error = parse_path(&template, "orders/x/dt=2024-02-30/part-00007.parquet").unwrap_err();
    assert_eq!(error.segment.as_deref(), Some("day"));
    let error = parse_path(&template, "orders/x/dt=2024-02-28/part-7.parquet").unwrap_err();
    assert_eq!(error.segment.as_deref(), Some("part"));
    let error = parse_path(&template, "orders/x/dt=2024-02-28/part-00007.json").unwrap_err();
    assert_eq!(error.segment.as_deref(), Some("part"));
    let error = parse_path(&template, "order/x").unwrap_err();
    assert_eq!(error.segment, None);
    let mut partial = values.clone();
    partial.remove("day");
    assert_eq!(prefix(&template, &partial).unwrap(), "orders/a%2Fb%3Dc/dt=");
    assert_eq!(
        glob(&template, &partial).unwrap(),
        "orders/a%2Fb%3Dc/dt=*/part-00007.parquet"
    );
    let missing = format_path(&template, &partial).unwrap_err();
    assert_eq!(missing.segment.as_deref(), Some("day"));
}

#[test]
fn readability_between_templates() {
    let old = Template {
        parts: vec![
            lit("a/"),
            seg("n", int(None)),
            lit("/"),
            seg("e", Kind::Enum(vec!["X".into()])),
        ],
    };
    let wider = Template {
        parts: vec![
            lit("a/"),
            seg(
                "n",
                Kind::Int {
                    long: true,
                    pad: None,
                },
            ),
            lit("/"),
            seg("e", Kind::Enum(vec!["X".into(), "Y".into()])),
        ],
    };
    assert_eq!(reads(&wider, &old), Ok(()));
    assert_eq!(reads(&old, &wider), Err(Unreadable::Kind(1)));
    let padded = Template {
        parts: vec![
            lit("a/"),
            seg("n", int(Some(2))),
            lit("/"),
            seg("e", Kind::Enum(vec!["X".into()])),
        ],
    };
    assert_eq!(reads(&padded, &old), Err(Unreadable::Kind(1)));
    let renamed = Template {
        parts: vec![
            lit("a/"),
            seg("m", int(None)),
            lit("/"),
            seg("e", Kind::Enum(vec!["X".into()])),
        ],
    };
    assert_eq!(reads(&renamed, &old), Err(Unreadable::Structure(1)));
    let longer = Template {
        parts: [old.parts.clone(), vec![lit("/x")]].concat(),
    };
    assert_eq!(reads(&longer, &old), Err(Unreadable::Structure(4)));
}

//! Reading a request line into its members, each kept as the text of its JSON value.
//!
//! A line is read in one pass by the fast reader ([`scan`]); what that reader leaves aside
//! (escapes, repeated or `null` members, a member of the wrong JSON type, invalid JSON) is read
//! by `serde_json` ([`Request::from_serde`]), whose error messages the verdicts quote. Both give
//! the same members for every line the fast reader accepts whose schemas parse.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::avro::json::reader::{Reader, Unsupported};

/// The members of a request line, as the text of their values, borrowed from the line.
#[derive(Default)]
pub(super) struct Request<'a> {
    /// `id`, echoed back.
    pub id: Option<&'a str>,
    /// `writer` (pair form).
    pub writer: Option<&'a str>,
    /// `reader` (pair form).
    pub reader: Option<&'a str>,
    /// The elements of `old` (history form).
    pub old: Option<Vec<&'a str>>,
    /// `new` (history form).
    pub new: Option<&'a str>,
    /// The string `mode` (history form).
    pub mode: Option<Cow<'a, str>>,
}

/// A request line as `serde_json` reads it.
#[derive(Deserialize)]
struct SerdeRequest<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    writer: Option<&'a RawValue>,
    #[serde(borrow, default)]
    reader: Option<&'a RawValue>,
    #[serde(borrow, default)]
    old: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    new: Option<&'a RawValue>,
    #[serde(default)]
    mode: Option<String>,
}

impl<'a> Request<'a> {
    /// The texts of the request's schemas: `writer`, `reader`, `new`, then `old`'s.
    pub fn schemas(&self) -> impl Iterator<Item = &'a str> + '_ {
        let members = [self.writer, self.reader, self.new].into_iter().flatten();
        members.chain(self.old.iter().flatten().copied())
    }

    /// Reads a line that starts with `{` with `serde_json`.
    pub fn from_serde(text: &'a str) -> Result<Request<'a>, serde_json::Error> {
        let request: SerdeRequest = serde_json::from_str(text)?;
        Ok(Request {
            id: request.id.map(RawValue::get),
            writer: request.writer.map(RawValue::get),
            reader: request.reader.map(RawValue::get),
            old: request
                .old
                .map(|old| old.into_iter().map(RawValue::get).collect()),
            new: request.new.map(RawValue::get),
            mode: request.mode.map(Cow::Owned),
        })
    }
}

/// Reads a request line in one pass; [`Unsupported`] leaves the line to [`Request::from_serde`].
/// `known` are schema texts that parsed (JSON objects, arrays or strings): a schema written
/// exactly as one of them is taken whole, without looking for its end.
/// All of the line is checked as JSON except the schemas (`writer`, `reader`, `new` and the
/// elements of `old`), whose extent only is found: the line is valid JSON if they parse, and a
/// caller that finds one that does not must read the line again with
/// [`Request::from_serde`], which tells an invalid line from an invalid schema.
pub(super) fn scan<'a>(text: &'a str, known: &[String]) -> Result<Request<'a>, Unsupported> {
    let mut reader = Reader::new(text);
    let mut request = Request::default();
    reader.expect(b'{')?;
    if !reader.close_at_once(b'}') {
        loop {
            let key = reader.string()?;
            reader.expect(b':')?;
            match key {
                "id" => once(&mut request.id, reader.skip(1)?)?,
                "writer" => once(&mut request.writer, schema(&mut reader, known)?)?,
                "reader" => once(&mut request.reader, schema(&mut reader, known)?)?,
                "new" => once(&mut request.new, schema(&mut reader, known)?)?,
                "old" if request.old.is_none() => request.old = Some(reader.span_items()?),
                "mode" if request.mode.is_none() => {
                    request.mode = Some(Cow::Borrowed(reader.string()?))
                }
                "old" | "mode" => return Err(Unsupported),
                _ => drop(reader.skip(1)?),
            }
            if !reader.next_or_close(b'}')? {
                break;
            }
        }
    }
    reader.end()?;
    Ok(request)
}

/// The text of the schema that starts here: one of `known`, or found by [`Reader::span`].
fn schema<'a>(reader: &mut Reader<'a>, known: &[String]) -> Result<&'a str, Unsupported> {
    match known.iter().find_map(|text| reader.skip_known(text)) {
        Some(text) => Ok(text),
        None => reader.span(),
    }
}

/// Sets a member seen for the first time; a repeated member (an error for `serde_json`) or a
/// `null` one (absent for `serde_json`) is left to `serde_json`.
fn once<'a>(slot: &mut Option<&'a str>, value: &'a str) -> Result<(), Unsupported> {
    if slot.is_some() || value == "null" {
        return Err(Unsupported);
    }
    *slot = Some(value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(request: &Request) -> String {
        format!(
            "{:?} {:?} {:?} {:?} {:?} {:?}",
            request.id, request.writer, request.reader, request.old, request.new, request.mode
        )
    }

    #[test]
    fn scan_reads_what_serde_json_reads_or_gives_up() {
        for text in [
            r#"{"id": 7, "writer": "int", "reader": {"type": "long"}, "x": [1, {}]}"#,
            r#"{"id":{"a":[1]},"old":["int",["null","int"]],"new":"long","mode":"full"}"#,
            r#"{ "old" : [ ] , "new" : "int" } "#,
            r#"{}"#,
            r#"{"id": null, "writer": "int"}"#,
            r#"{"writer": "int", "writer": "long"}"#,
            r#"{"mode": 1}"#,
            r#"{"old": "int"}"#,
            r#"{"writer": "in\"t"}"#,
            r#"{"writer": "int"} x"#,
            r#"{"writer": "int",}"#,
        ] {
            let serde = Request::from_serde(text);
            let known = [r#"{"type": "long"}"#.to_string(), "\"int\"".to_string()];
            assert_eq!(
                scan(text, &[]).map(|r| members(&r)),
                scan(text, &known).map(|r| members(&r))
            );
            match (scan(text, &[]), serde) {
                (Ok(ours), Ok(theirs)) => assert_eq!(members(&ours), members(&theirs), "{text}"),
                (Ok(_), Err(e)) => panic!("{text}: scanned, serde_json says {e}"),
                (Err(Unsupported), _) => {}
            }
        }
        assert!(scan(r#"{"id":{"a":[1]},"old":["int"],"new":"long"}"#, &[]).is_ok());
    }
}

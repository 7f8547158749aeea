//! The JSON Schema of the whole contract, derived from its Rust types (feature `schema`).
//!
//! [`contract`] is the document `crates/guifan-codegen` writes to
//! `spec-tests/schema/contract.schema.json` and generates the TypeScript and Python types
//! from: the request envelope per op, each op's input and output, the error object, and the
//! enumerations (ops, error kinds, rule ids, clocks, tiers, statuses, and the brands, ranks and
//! regions of the built-in pack). Every definition is named as its Rust type.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

use super::*;
use crate::calendar::DayKind;
use crate::deadline::{Area, Clock, DeadlineFields};
use crate::explain::Explanation;
use crate::money::Money;
use crate::pack::Pack;
use crate::points::LotKind;
use crate::status::Status;
use crate::tier::{Basis, Brand, Change, Customer, CustomerKind, Rank};

/// A key of the built-in pack, or another a loaded pack defines.
fn open_key(generator: &mut SchemaGenerator, builtin: &str, description: &str) -> Schema {
    let known = generator.definitions().contains_key(builtin);
    if !known {
        let keys: Vec<String> = builtin_keys(builtin);
        let doc = format!("{description} (as the built-in pack has them).");
        generator
            .definitions_mut()
            .insert(builtin.into(), json!({ "type": "string", "enum": keys, "description": doc }));
    }
    let reference = format!("#/$defs/{builtin}");
    json_schema!({
        "description": format!("{description}: one of the built-in pack's, or one a loaded pack defines."),
        "anyOf": [{ "$ref": reference }, { "type": "string" }]
    })
}

/// The keys of a built-in enumeration, from the built-in pack and catalogue.
fn builtin_keys(name: &str) -> Vec<String> {
    let pack = Pack::builtin();
    let mut keys: Vec<String> = match name {
        "BuiltinRuleId" => pack.catalogue().iter().map(|r| r.id.to_string()).collect(),
        "BuiltinBrand" => pack.tiers.personal.iter().map(|b| b.brand.to_string()).collect(),
        "BuiltinDeadlineRule" => pack.sla.iter().map(|r| r.id.to_string()).collect(),
        "BuiltinTierRule" => pack
            .tiers
            .personal
            .iter()
            .map(|b| &b.table.rule)
            .chain([&pack.tiers.enterprise.rule, &pack.tiers.government.rule])
            .map(|r| r.to_string())
            .collect(),
        "BuiltinRank" => {
            pack.tiers.government.ranks.iter().map(|(r, _)| r.to_string()).chain([Rank::NONE.to_string()]).collect()
        }
        _ => {
            pack.notify.regions.iter().chain(pack.visit.windows.regions.iter()).map(|r| r.region.to_string()).collect()
        }
    };
    let mut seen = Vec::new();
    keys.retain(|k| {
        let new = !seen.contains(k);
        seen.push(k.clone());
        new
    });
    keys
}

impl JsonSchema for crate::rules::RuleId {
    fn schema_name() -> Cow<'static, str> {
        "RuleId".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        open_key(generator, "BuiltinRuleId", "A rule id of RULES.md")
    }
}

impl JsonSchema for Brand {
    fn schema_name() -> Cow<'static, str> {
        "Brand".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        open_key(generator, "BuiltinBrand", "A personal brand with a tier table")
    }
}

impl JsonSchema for Rank {
    fn schema_name() -> Cow<'static, str> {
        "Rank".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        open_key(generator, "BuiltinRank", "A government rank (`none`: a rank without a card)")
    }
}

impl JsonSchema for Region {
    fn schema_name() -> Cow<'static, str> {
        "Region".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        open_key(generator, "BuiltinRegion", "A region with windows of its own")
    }
}

impl JsonSchema for Customer {
    fn schema_name() -> Cow<'static, str> {
        "Customer".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let (brand, rank, money) =
            (generator.subschema_for::<Brand>(), generator.subschema_for::<Rank>(), generator.subschema_for::<Money>());
        json_schema!({
            "description": "Who is rated: a personal customer (the default kind), an enterprise or a government customer.",
            "oneOf": [
                {
                    "type": "object",
                    "properties": {
                        "kind": { "enum": ["personal", null] },
                        "brand": brand,
                        "annual_spend": money
                    },
                    "required": ["brand", "annual_spend"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "properties": { "kind": { "const": "enterprise" }, "annual_revenue": money },
                    "required": ["kind", "annual_revenue"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "properties": { "kind": { "const": "government" }, "rank": rank },
                    "required": ["kind", "rank"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl JsonSchema for DeadlineInput {
    fn schema_name() -> Cow<'static, str> {
        "DeadlineInput".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = DeadlineFields::json_schema(generator);
        schema.insert(
            "description".into(),
            "The input of `deadline`: `start`, and a `rule` (with `area`) or a free `clock` with an `amount`, not both; optional `done` and `pauses`.".into(),
        );
        schema
    }
}

impl JsonSchema for TicketInput {
    fn schema_name() -> Cow<'static, str> {
        "TicketInput".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = crate::ticket::TicketFields::json_schema(generator);
        schema.insert(
            "description".into(),
            "The input of `ticket`: `start`, and `rules` or an `incident` with a `customer_class`, not both; optional `area`, `done` (rule id → instant), `pauses` and `as_of` (required unless every target is done).".into(),
        );
        schema
    }
}

/// The input and result type of each op, by name.
fn ops(inputs: &mut SchemaGenerator, outputs: &mut SchemaGenerator) -> Vec<(Op, Schema, Schema)> {
    macro_rules! op {
        ($op:expr, $input:ty, $output:ty) => {
            ($op, inputs.subschema_for::<$input>(), outputs.subschema_for::<$output>())
        };
    }
    alloc::vec![
        op!(Op::Tier, TierInput, TierResult),
        op!(Op::Review, ReviewInput, Review),
        op!(Op::Status, StatusInput, StatusResult),
        op!(Op::PointsMerge, PointsMergeInput, Merged),
        op!(Op::PointsRedeem, PointsRedeemInput, Redemption),
        op!(Op::Deadline, DeadlineInput, Deadline),
        op!(Op::Ticket, TicketInput, Ticket),
        op!(Op::CalendarDay, CalendarDayInput, CalendarDay),
        op!(Op::CountWorkingDays, CountWorkingDaysInput, WorkingDayCount),
        op!(Op::AddWorkingDays, AddWorkingDaysInput, WorkingDate),
        op!(Op::FromNotice, FromNoticeInput, CalendarDocument),
        op!(Op::Notify, NotifyInput, Notify),
        op!(Op::Visit, VisitInput, VisitCheck),
        op!(Op::Cutover, CutoverInput, Cutover),
        op!(Op::Dunning, DunningInput, Dunning),
        op!(Op::Punctuality, PunctualityInput, Punctuality),
        op!(Op::Rules, RulesInput, RulesAnswer),
    ]
}

/// `points.merge` → `PointsMerge`: the name an op's own definitions take.
fn camel(op: Op) -> String {
    op.as_str()
        .split(['.', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The JSON Schema (draft 2020-12) of the whole contract.
///
/// Its root is a request (`Request`: one shape per op); `Response` is an op's output or
/// `ErrorResponse`; `x-ops` names, for each op, its input type, its result type (the Rust
/// type the API returns) and its output (the result with the op's `rule` and `explanation`).
pub fn contract() -> Value {
    let settings = schemars::generate::SchemaSettings::draft2020_12();
    let mut inputs = settings.clone().for_deserialize().into_generator();
    let mut outputs = settings.for_serialize().into_generator();
    let ops = ops(&mut inputs, &mut outputs);
    let explanation = outputs.subschema_for::<Explanation>();
    let error = outputs.subschema_for::<ErrorResponse>();
    // The enumerations, each a definition of its own even where no field names it.
    inputs.subschema_for::<Op>();
    inputs.subschema_for::<crate::rules::RuleId>();
    inputs.subschema_for::<Brand>();
    inputs.subschema_for::<Rank>();
    inputs.subschema_for::<Region>();
    outputs.subschema_for::<ErrorKind>();
    outputs.subschema_for::<Clock>();
    outputs.subschema_for::<Area>();
    outputs.subschema_for::<Tier>();
    outputs.subschema_for::<Basis>();
    outputs.subschema_for::<Change>();
    outputs.subschema_for::<Status>();
    outputs.subschema_for::<LotKind>();
    outputs.subschema_for::<CustomerKind>();
    outputs.subschema_for::<DayKind>();
    let mut defs = inputs.take_definitions(true);
    // The rule ids each kind of call takes, a subset of the rule ids (for typed calls).
    for (name, what) in [("BuiltinDeadlineRule", "A deadline rule"), ("BuiltinTierRule", "A tier table's rule")] {
        let doc = format!("{what} of the built-in pack.");
        defs.insert(name.into(), json!({ "type": "string", "enum": builtin_keys(name), "description": doc }));
    }
    for (name, schema) in outputs.take_definitions(true) {
        match defs.get(&name) {
            Some(same) if *same == schema => {}
            Some(other) => panic!("{name} has two schemas: {other} and {schema}"),
            None => {
                defs.insert(name, schema);
            }
        }
    }
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    let mut table = Map::new();
    for (op, input, result) in ops {
        let name = camel(op);
        requests.push(json!({
            "type": "object",
            "description": format!("A `{}` request.", op.as_str()),
            "properties": {
                "op": { "const": op.as_str() },
                "input": input,
                "explain": { "type": ["boolean", "null"], "description": "Add an explanation: the rules applied, with their words, and the steps." }
            },
            "required": ["op"],
            "additionalProperties": false
        }));
        let mut extra = Map::new();
        let mut required = Vec::new();
        if let Some(rule) = op.rule() {
            extra.insert("rule".into(), json!({ "const": rule, "description": "The rule the answer rests on." }));
            required.push(json!("rule"));
        }
        extra.insert("explanation".into(), explanation.clone().to_value());
        let output = format!("{name}Output");
        defs.insert(
            output.clone(),
            json!({
                "description": format!("The answer to a `{}` request.", op.as_str()),
                "allOf": [result, { "type": "object", "properties": extra, "required": required }]
            }),
        );
        responses.push(json!({ "$ref": format!("#/$defs/{output}") }));
        let input_name = input.get("$ref").and_then(Value::as_str).map(|r| r.trim_start_matches("#/$defs/"));
        let result_name = result.get("$ref").and_then(Value::as_str).map(|r| r.trim_start_matches("#/$defs/"));
        table.insert(op.as_str().into(), json!({ "input": input_name, "result": result_name, "output": output }));
    }
    responses.push(error.to_value());
    defs.insert("Request".into(), json!({ "description": "An `evaluate` request: an op, its input (default {}), and whether to explain.", "oneOf": requests }));
    defs.insert("Response".into(), json!({ "description": "The answer to an `evaluate` request: the op's output, or the error.", "anyOf": responses }));
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/guifan/guifan/blob/main/spec-tests/schema/contract.schema.json",
        "title": "The guifan evaluate contract",
        "description": "Generated from guifan-core's contract types by `cargo run -p guifan-codegen`; do not edit.",
        "$ref": "#/$defs/Request",
        "x-ops": table,
        "$defs": defs
    });
    plain_descriptions(&mut schema);
    schema
}

/// Descriptions as readers of the schema see them: one line each, rustdoc's link targets left
/// out (`` [`Engine`](crate::engine::Engine) `` reads `` `Engine` ``).
fn plain_descriptions(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get_mut("description") {
                *text = plain(text);
            }
            map.values_mut().for_each(plain_descriptions);
        }
        Value::Array(items) => items.iter_mut().for_each(plain_descriptions),
        _ => {}
    }
}

fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = crate::error::one_line(text);
    // `[`x`](target)` and `[`x`]` → `x`.
    while let Some(start) = rest.find("[`") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find("`]") else {
            out.push_str(&rest[start..]);
            rest.clear();
            break;
        };
        out.push_str(&after[..end + 1]);
        let mut tail = &after[end + 2..];
        if tail.starts_with('(') {
            tail = tail.find(')').map_or(tail, |close| &tail[close + 1..]);
        }
        rest = tail.to_string();
    }
    out.push_str(&rest);
    out
}

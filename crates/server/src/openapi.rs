//! `GET /openapi.json`: the API described by hand, kept beside the handlers it describes (a
//! test checks every route of the router appears here).

use axum::Json;
use serde_json::{json, Value};

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description,
           "schema": schema})
}

fn date(name: &str, description: &str) -> Value {
    query(
        name,
        description,
        json!({"type": "string", "format": "date", "example": "2025-03-07"}),
    )
}

fn int(name: &str, description: &str, min: u32, max: u32, default: u32) -> Value {
    query(
        name,
        description,
        json!({"type": "integer", "minimum": min, "maximum": max, "default": default}),
    )
}

fn level() -> Value {
    query(
        "level",
        "Actor grouping: `country` (first three letters, default) or `sector` (first six).",
        json!({"type": "string", "enum": ["country", "sector"], "default": "country"}),
    )
}

fn modality() -> Value {
    query(
        "modality",
        "Only events of this modality.",
        json!({"type": "string", "enum": crate::api::MODALITIES}),
    )
}

fn ok(description: &str, schema: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

fn errors(codes: &[&str]) -> Value {
    let mut m = serde_json::Map::new();
    for c in codes {
        let what = match *c {
            "400" => "Bad input: a malformed date, limit, code, cursor or body.",
            "404" => "Unknown pair or endpoint.",
            "413" => "The body is larger than the server's limit (1 MiB by default).",
            "415" => "The body is not declared as application/json.",
            "422" => "The body is JSON of the wrong shape, or the text could not be coded.",
            "501" => "The server runs without a coder.",
            _ => "The server failed (for example, the database is unreadable).",
        };
        m.insert(
            c.to_string(),
            json!({"description": what,
                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}),
        );
    }
    Value::Object(m)
}

fn responses(success: Value, codes: &[&str]) -> Value {
    let mut r = errors(codes);
    if let Value::Object(m) = &mut r {
        m.insert("200".into(), success);
    }
    r
}

/// The OpenAPI 3.0 document.
pub(crate) fn spec() -> Value {
    let obj = json!({"type": "object"});
    let arr = |items: Value| json!({"type": "array", "items": items});
    json!({
      "openapi": "3.0.3",
      "info": {
        "title": "sitrep",
        "version": env!("CARGO_PKG_VERSION"),
        "description": "Coded news events, actor-pair escalation indexes and alerts from a sitrep store. \
    Every error is JSON: {\"error\": message, \"code\": stable code}."
      },
      "paths": {
        "/": {"get": {"summary": "The dashboard: a self-contained HTML page.",
          "responses": {"200": {"description": "HTML", "content": {"text/html": {}}}}}},
        "/openapi.json": {"get": {"summary": "This document.",
          "responses": {"200": ok("OpenAPI 3.0", obj.clone())}}},
        "/api/events": {"get": {
          "summary": "Stored events, newest day first, one page at a time.",
          "parameters": [
            date("since", "First day (inclusive)."),
            date("until", "Last day (inclusive)."),
            query("actor", "Actor code prefix matched against source or target (RUS, UKRMIL).",
                  json!({"type": "string", "pattern": "^[A-Za-z0-9]{1,15}$"})),
            query("root", "CAMEO root code, two digits.",
                  json!({"type": "string", "pattern": "^[0-9]{2}$"})),
            modality(),
            int("limit", "Events per page.", 1, 1000, 100),
            query("cursor", "The `next` of the previous page.", json!({"type": "string"}))
          ],
          "responses": responses(ok("A page of events", json!({"type": "object", "properties": {
              "events": arr(json!({"$ref": "#/components/schemas/StoredEvent"})),
              "next": {"type": "string", "nullable": true}}})), &["400", "500"])}},
        "/api/actors": {"get": {
          "summary": "Actor codes by number of events (as source or target).",
          "parameters": [date("since", "First day."), date("until", "Last day."),
            query("level", "`code` (as coded, default), `country` or `sector`.",
                  json!({"type": "string", "enum": ["code", "country", "sector"]})),
            modality(), int("limit", "Most actors.", 1, 1000, 50)],
          "responses": responses(ok("Actors", json!({"type": "object", "properties": {
              "actors": arr(json!({"type": "object", "properties": {
                  "code": {"type": "string"}, "events": {"type": "integer"},
                  "as_source": {"type": "integer"}, "as_target": {"type": "integer"}}}))}})),
              &["400", "500"])}},
        "/api/pairs": {"get": {
          "summary": "Actor pairs with events in the index's history, most escalating first.",
          "parameters": [date("as_of", "Day the index is for (default: the last day with events)."),
            int("limit", "Most pairs.", 1, 1000, 20), level(),
            int("window", "Days in the index window.", 1, 365, 7),
            int("baseline", "Days in the index baseline.", 1, 3650, 28)],
          "responses": responses(ok("Pairs", json!({"type": "object", "properties": {
              "as_of": {"type": "string", "format": "date", "nullable": true},
              "pairs": arr(json!({"type": "object", "properties": {
                  "a": {"type": "string"}, "b": {"type": "string"},
                  "events": {"type": "integer", "description": "Conflict events in the window."},
                  "point": {"$ref": "#/components/schemas/IndexPoint"}}}))}})), &["400", "500"])}},
        "/api/pairs/{a}/{b}": {"get": {
          "summary": "A pair's daily series (both directions) and escalation index.",
          "parameters": [
            {"name": "a", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "b", "in": "path", "required": true, "schema": {"type": "string"}},
            date("since", "First day (default: 60 days before until)."),
            date("until", "Last day (default: the last day with events)."),
            level(), modality(),
            int("window", "Days in the index window.", 1, 365, 7),
            int("baseline", "Days in the index baseline.", 1, 3650, 28)],
          "responses": responses(ok("Series and index", json!({"type": "object", "properties": {
              "trends": arr(json!({"type": "object", "properties": {
                  "series": {"type": "object", "properties": {
                      "a": {"type": "string"}, "b": {"type": "string"},
                      "days": arr(json!({"type": "object", "properties": {
                          "day": {"type": "string", "format": "date"},
                          "covered": {"type": "boolean"},
                          "quad": arr(json!({"type": "integer"})),
                          "goldstein_sum": {"type": "number"},
                          "goldstein_mean": {"type": "number", "nullable": true},
                          "conflict": {"type": "number"}, "cooperation": {"type": "number"}}}))}},
                  "index": arr(json!({"$ref": "#/components/schemas/IndexPoint"}))}}))}})),
              &["400", "404", "500"])}},
        "/api/network": {"get": {
          "summary": "Who acted with whom: actor groups and their event counts over the last days.",
          "parameters": [int("days", "Days ending on as_of.", 1, 3650, 30),
            date("as_of", "Last day (default: the last day with events)."), level(),
            int("limit", "Most nodes (by events).", 1, 200, 40)],
          "responses": responses(ok("Nodes and edges", json!({"type": "object", "properties": {
              "nodes": arr(json!({"type": "object", "properties": {
                  "code": {"type": "string"}, "events": {"type": "integer"}}})),
              "edges": arr(json!({"type": "object", "properties": {
                  "a": {"type": "string"}, "b": {"type": "string"}, "events": {"type": "integer"},
                  "conflict": {"type": "integer"}, "cooperation": {"type": "integer"}}}))}})),
              &["400", "500"])}},
        "/api/alerts": {"get": {
          "summary": "The server's alert rules (`--rules`) evaluated over the store.",
          "parameters": [date("as_of", "Window end (default: the last day with events).")],
          "responses": responses(ok("Fired alerts; with no rules an empty list and a note",
              json!({"type": "object", "properties": {"alerts": arr(obj.clone()),
                  "rules": {"type": "integer"}, "note": {"type": "string"}}})), &["400", "500"])}},
        "/api/code": {"post": {
          "summary": "Codes one article and returns its sitrep/1 record; nothing is stored.",
          "requestBody": {"required": true, "content": {"application/json": {"schema": {
              "type": "object", "required": ["text"], "additionalProperties": false,
              "properties": {"text": {"type": "string"},
                             "published": {"type": "string", "format": "date"}}}}}},
          "responses": responses(ok("The sitrep/1 record (doc, actors, events, quotes)", obj.clone()),
              &["400", "413", "415", "422", "501", "500"])}}
      },
      "components": {"schemas": {
        "Error": {"type": "object", "required": ["error", "code"], "properties": {
            "error": {"type": "string"}, "code": {"type": "string"}}},
        "IndexPoint": {"type": "object", "properties": {
            "day": {"type": "string", "format": "date"},
            "value": {"type": "number", "nullable": true,
                      "description": "(window mean − baseline median) / (1.4826·MAD + 1); null when too little data"},
            "recent": {"type": "number"}, "baseline_median": {"type": "number"},
            "scale": {"type": "number"}, "window_events": {"type": "integer"},
            "baseline_events": {"type": "integer"}}},
        "StoredEvent": {"type": "object", "properties": {
            "event_id": {"type": "string"}, "doc_id": {"type": "string"},
            "day": {"type": "string", "nullable": true},
            "event": {"type": "object", "description": "The event as in sitrep/1 (source, target, cameo, evidence…)."},
            "mentions": {"type": "integer"}, "articles": {"type": "integer"},
            "sources": {"type": "integer"},
            "url": {"type": "string", "nullable": true}, "title": {"type": "string", "nullable": true},
            "published": {"type": "string", "nullable": true}, "site": {"type": "string", "nullable": true}}}
      }}
    })
}

/// `GET /openapi.json`.
pub(crate) async fn document() -> Json<Value> {
    Json(spec())
}

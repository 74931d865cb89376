//! The Parquet export: one row per event, typed columns, Snappy-compressed, written with
//! Parquet's own column writers (no Arrow layer: one flat table does not need it).
//!
//! Columns: `event_id`, `doc_id` (first report), `day` (DATE), `date_precision`,
//! `source_code`, `source_text`, `target_code`, `target_text`, `cameo`, `root`, `plover`,
//! `plover_mode`, `goldstein` (FLOAT), `quad_class` (INT32), `modality`, `confidence`
//! (FLOAT), `speaker_code`, `via`, `location`, `location_country`, `lat`, `lon` (DOUBLE),
//! `evidence`, `num_mentions`, `num_articles`, `num_sources` (INT32), `published` (DATE),
//! `url`, `title`. Strings are UTF-8; absent values are nulls.

use std::io::Write;
use std::sync::Arc;

use chrono::NaiveDate;
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, FloatType, Int32Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use crate::export::{for_each_event, ExportStats};
use crate::query::{Filters, StoredEvent};
use crate::{Store, StoreError};

/// Rows per row group: large enough for good compression, small enough to bound memory.
const ROW_GROUP: usize = 100_000;

#[derive(Clone, Copy)]
enum Ty {
    Str,
    Date,
    I32,
    F32,
    F64,
}

const COLUMNS: &[(&str, Ty, bool)] = &[
    ("event_id", Ty::Str, false),
    ("doc_id", Ty::Str, false),
    ("day", Ty::Date, true),
    ("date_precision", Ty::Str, false),
    ("source_code", Ty::Str, true),
    ("source_text", Ty::Str, true),
    ("target_code", Ty::Str, true),
    ("target_text", Ty::Str, true),
    ("cameo", Ty::Str, false),
    ("root", Ty::Str, false),
    ("plover", Ty::Str, true),
    ("plover_mode", Ty::Str, true),
    ("goldstein", Ty::F32, false),
    ("quad_class", Ty::I32, false),
    ("modality", Ty::Str, false),
    ("confidence", Ty::F32, false),
    ("speaker_code", Ty::Str, true),
    ("via", Ty::Str, true),
    ("location", Ty::Str, true),
    ("location_country", Ty::Str, true),
    ("lat", Ty::F64, true),
    ("lon", Ty::F64, true),
    ("evidence", Ty::Str, false),
    ("num_mentions", Ty::I32, false),
    ("num_articles", Ty::I32, false),
    ("num_sources", Ty::I32, false),
    ("published", Ty::Date, true),
    ("url", Ty::Str, true),
    ("title", Ty::Str, true),
];

enum Cell {
    Str(Option<String>),
    I32(Option<i32>),
    F32(Option<f32>),
    F64(Option<f64>),
}

fn date_cell(s: Option<&str>) -> Cell {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    Cell::I32(
        s.and_then(|s| NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok())
            .map(|d| (d - epoch).num_days() as i32),
    )
}

/// The row of an event, in [`COLUMNS`] order.
fn cells(ev: &StoredEvent) -> Vec<Cell> {
    let e = &ev.event;
    let code = |p: &Option<sitrep_doc::output::Participant>| p.as_ref().map(|p| p.code.clone());
    let text = |p: &Option<sitrep_doc::output::Participant>| p.as_ref().map(|p| p.text.clone());
    let loc = e.location.as_ref();
    vec![
        Cell::Str(Some(ev.event_id.clone())),
        Cell::Str(Some(ev.doc_id.clone())),
        date_cell(ev.day.as_deref()),
        Cell::Str(Some(e.date.precision.clone())),
        Cell::Str(code(&e.source)),
        Cell::Str(text(&e.source)),
        Cell::Str(code(&e.target)),
        Cell::Str(text(&e.target)),
        Cell::Str(Some(e.cameo.clone())),
        Cell::Str(Some(e.cameo.get(..2).unwrap_or(&e.cameo).to_string())),
        Cell::Str(e.plover.clone()),
        Cell::Str(e.plover_mode.clone()),
        Cell::F32(Some(e.goldstein)),
        Cell::I32(Some(e.quad_class as i32)),
        Cell::Str(Some(e.modality.clone())),
        Cell::F32(Some(e.confidence)),
        Cell::Str(code(&e.attribution.speaker)),
        Cell::Str(e.attribution.via.clone()),
        Cell::Str(loc.map(|l| l.name.clone())),
        Cell::Str(loc.map(|l| l.country.clone())),
        Cell::F64(loc.map(|l| l.lat)),
        Cell::F64(loc.map(|l| l.lon)),
        Cell::Str(Some(e.evidence.text.clone())),
        Cell::I32(Some(ev.mentions as i32)),
        Cell::I32(Some(ev.articles as i32)),
        Cell::I32(Some(ev.sources as i32)),
        date_cell(ev.published.as_deref()),
        Cell::Str(ev.url.clone()),
        Cell::Str(ev.title.clone()),
    ]
}

/// One column's buffered values and definition levels (1 = present, 0 = null).
#[derive(Default)]
struct Buf {
    defs: Vec<i16>,
    strs: Vec<ByteArray>,
    i32s: Vec<i32>,
    f32s: Vec<f32>,
    f64s: Vec<f64>,
}

impl Buf {
    fn push(&mut self, cell: Cell) {
        let present = match cell {
            Cell::Str(v) => v.map(|s| self.strs.push(ByteArray::from(s.into_bytes()))),
            Cell::I32(v) => v.map(|x| self.i32s.push(x)),
            Cell::F32(v) => v.map(|x| self.f32s.push(x)),
            Cell::F64(v) => v.map(|x| self.f64s.push(x)),
        };
        self.defs.push(present.is_some() as i16);
    }
}

fn schema() -> String {
    let mut s = String::from("message event {\n");
    for (name, ty, optional) in COLUMNS {
        let rep = if *optional { "OPTIONAL" } else { "REQUIRED" };
        let ty = match ty {
            Ty::Str => "BYTE_ARRAY",
            Ty::Date | Ty::I32 => "INT32",
            Ty::F32 => "FLOAT",
            Ty::F64 => "DOUBLE",
        };
        let logical = match COLUMNS.iter().find(|c| c.0 == *name).map(|c| c.1) {
            Some(Ty::Str) => " (UTF8)",
            Some(Ty::Date) => " (DATE)",
            _ => "",
        };
        s.push_str(&format!("  {rep} {ty} {name}{logical};\n"));
    }
    s.push('}');
    s
}

fn flush<W: Write + Send>(
    writer: &mut SerializedFileWriter<W>,
    bufs: &mut [Buf],
) -> Result<(), StoreError> {
    if bufs.first().is_none_or(|b| b.defs.is_empty()) {
        return Ok(());
    }
    let mut group = writer.next_row_group()?;
    let mut i = 0;
    while let Some(mut col) = group.next_column()? {
        let (Some(buf), Some((_, ty, optional))) = (bufs.get(i), COLUMNS.get(i)) else {
            break;
        };
        let defs = optional.then_some(buf.defs.as_slice());
        match ty {
            Ty::Str => col
                .typed::<ByteArrayType>()
                .write_batch(&buf.strs, defs, None)?,
            Ty::Date | Ty::I32 => col
                .typed::<Int32Type>()
                .write_batch(&buf.i32s, defs, None)?,
            Ty::F32 => col
                .typed::<FloatType>()
                .write_batch(&buf.f32s, defs, None)?,
            Ty::F64 => col
                .typed::<DoubleType>()
                .write_batch(&buf.f64s, defs, None)?,
        };
        col.close()?;
        i += 1;
    }
    group.close()?;
    for b in bufs.iter_mut() {
        *b = Buf::default();
    }
    Ok(())
}

/// Writes the events matching `filters` as a Parquet file.
pub(crate) fn write<W: Write + Send>(
    store: &Store,
    filters: &Filters,
    out: W,
) -> Result<ExportStats, StoreError> {
    let schema = Arc::new(parse_message_type(&schema())?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("sitrep {}", env!("CARGO_PKG_VERSION")))
            .build(),
    );
    let mut writer = SerializedFileWriter::new(out, schema, props)?;
    let mut bufs: Vec<Buf> = COLUMNS.iter().map(|_| Buf::default()).collect();
    let mut stats = ExportStats::default();
    let mut docs = std::collections::HashSet::new();
    for_each_event(store, filters, |ev| {
        if docs.insert(ev.doc_id.clone()) {
            stats.documents += 1;
        }
        stats.events += 1;
        for (buf, cell) in bufs.iter_mut().zip(cells(&ev)) {
            // A required column never holds a null: the model always has a value there.
            buf.push(cell);
        }
        if bufs[0].defs.len() >= ROW_GROUP {
            flush(&mut writer, &mut bufs)?;
        }
        Ok(())
    })?;
    flush(&mut writer, &mut bufs)?;
    writer.close()?;
    Ok(stats)
}

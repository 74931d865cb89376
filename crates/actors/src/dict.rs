//! The dictionary model: countries, agents, metonyms, and named actors (people, organizations,
//! groups) with dated roles. Readers fill it from the project's TOML files
//! ([`Dictionary::load_toml`], format in `data/dict/FORMAT.md`) or from PETRARCH/TABARI files
//! ([`crate::petrarch`]); the resolver compiles it once into lookup tables.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;
use sitrep_lang::perceptron::{hash_str, mix};

/// Where an entry was read: file and 1-based line, for every error and every explanation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    /// The file.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A dictionary file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    /// The file could not be opened.
    #[error("cannot read {file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// A line or entry is malformed.
    #[error("{origin}: {message}")]
    Syntax {
        /// Where.
        origin: Origin,
        /// What was wrong.
        message: String,
    },
}

/// What kind of thing an actor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A named person.
    Person,
    /// A named organization (IGO, party, armed group, outlet, NGO, agency).
    Organization,
    /// A country or territory.
    Country,
    /// A generic group named by an agent noun ("troops", "lawmakers").
    Group,
    /// A named place that is not a country.
    Place,
}

impl Kind {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organization => "organization",
            Kind::Country => "country",
            Kind::Group => "group",
            Kind::Place => "place",
        }
    }
}

/// A date range a role holds in; either end open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    /// First day, if known.
    pub from: Option<NaiveDate>,
    /// Last day, if the role ended.
    pub to: Option<NaiveDate>,
}

impl Period {
    /// True when `day` is inside the period (both ends inclusive).
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }

    /// True when the two periods share at least one day.
    pub fn overlaps(&self, other: &Period) -> bool {
        let starts_before_other_ends = match (self.from, other.to) {
            (Some(a), Some(b)) => a <= b,
            _ => true,
        };
        let other_starts_before_this_ends = match (other.from, self.to) {
            (Some(a), Some(b)) => a <= b,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_this_ends
    }

    /// True when neither end is set.
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// A code an actor carries during a period ("USAGOV, Secretary of State, 2021-01-26 to
/// 2025-01-20").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    /// CAMEO-style code.
    pub code: String,
    /// Human-readable title, for explanations.
    pub title: String,
    /// When it held.
    pub period: Period,
}

/// A named actor: person, organization or group, with its names and roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Canonical name.
    pub name: String,
    /// Other names and spellings.
    pub aliases: Vec<String>,
    /// What it is.
    pub kind: Kind,
    /// Country (alpha-3) of a person's nationality or an organization's home; may be empty.
    pub country: String,
    /// Code that always applies (organizations); empty when only roles give codes.
    pub code: String,
    /// Dated codes (people; imported PETRARCH actors).
    pub roles: Vec<Role>,
    /// Finer kind of an organization (`igo`, `party`, `media`, `armed-group`, …); may be empty.
    pub category: String,
    /// Where the entry was read.
    pub origin: Origin,
}

/// A country or territory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// Alpha-3 code.
    pub code: String,
    /// Alpha-2 code.
    pub iso2: String,
    /// Common English name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Adjectives and nouns for its people ("Ukrainian", "Ukrainians").
    pub demonyms: Vec<String>,
    /// Capital city.
    pub capital: String,
    /// Other spellings of the capital.
    pub capital_aliases: Vec<String>,
    /// Where the entry was read.
    pub origin: Origin,
}

/// A generic noun that gives a sector ("troops" → MIL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agent {
    /// Sector code (`MIL`, `GOV`, …) or a fuller suffix from an imported dictionary.
    pub sector: String,
    /// The noun in lemma form, lowercase, possibly several words.
    pub noun: String,
    /// The sector goes before the actor's code, not after it (PETRARCH's `[NGO~]`: "MSF
    /// Arnor" is NGOARN, while `[~GOV]` gives ARNGOV).
    pub prefix: bool,
    /// The noun matches only as written, not as any form of its lemma (PETRARCH's `{}` and
    /// `{PLURAL}`: the listed forms, and no regular plural).
    pub exact: bool,
    /// Where the entry was read.
    pub origin: Origin,
}

/// A place or building used for an institution ("Kremlin" → RUSGOV).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metonym {
    /// The name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// The institution's code.
    pub code: String,
    /// Where the entry was read.
    pub origin: Origin,
}

/// A phrase that, when it matches, means the text is not about actors it would otherwise
/// match ("Red Army Faction" is not the army; a sports story is not a conflict).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discard {
    /// The phrase.
    pub phrase: String,
    /// Whole-story discard (PETRARCH `+`) rather than sentence-level.
    pub story: bool,
    /// Where the entry was read.
    pub origin: Origin,
}

/// Everything the resolver knows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dictionary {
    /// Countries and territories.
    pub countries: Vec<Country>,
    /// Agent nouns.
    pub agents: Vec<Agent>,
    /// Metonyms.
    pub metonyms: Vec<Metonym>,
    /// People, organizations and other named actors.
    pub entries: Vec<Entry>,
    /// Discard phrases.
    pub discards: Vec<Discard>,
}

impl Dictionary {
    /// Adds everything in `other`.
    pub fn extend(&mut self, other: Dictionary) {
        self.countries.extend(other.countries);
        self.agents.extend(other.agents);
        self.metonyms.extend(other.metonyms);
        self.entries.extend(other.entries);
        self.discards.extend(other.discards);
    }

    /// The project's default dictionaries, from `data/dict` of the source tree (or
    /// `$SITREP_DICT`).
    pub fn load_default() -> Result<Dictionary, DictError> {
        match std::env::var_os("SITREP_DICT") {
            Some(dir) => Dictionary::load_dir(Path::new(&dir)),
            None => Dictionary::load_dir_as(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/dict"),
                "data/dict",
            ),
        }
    }

    /// Loads every `.toml` file under `dir` (recursively, in file-name order).
    pub fn load_dir(dir: &Path) -> Result<Dictionary, DictError> {
        Dictionary::load_dir_as(dir, &dir.display().to_string())
    }

    /// Like [`Dictionary::load_dir`], naming files as `label/relative/path` in origins.
    pub fn load_dir_as(dir: &Path, label: &str) -> Result<Dictionary, DictError> {
        let (sources, key) = read_sources(dir, label)?;
        // The compiled copy shipped beside the sources (`sitrep dict compile`), then the user's
        // cache; either is used only when its key matches the sources exactly.
        if let Some(dict) = cache::read(&dir.join(COMPILED_FILE), key) {
            return Ok(dict);
        }
        let cache = cache::path(key);
        if let Some(dict) = cache.as_deref().and_then(|p| cache::read(p, key)) {
            return Ok(dict);
        }
        let dict = Dictionary::parse_sources(&sources)?;
        if let Some(path) = cache {
            cache::write(&path, &dict, key);
        }
        Ok(dict)
    }

    /// Parses the TOML files under `dir`, ignoring every compiled copy and cache.
    pub fn parse_dir(dir: &Path, label: &str) -> Result<Dictionary, DictError> {
        Dictionary::parse_sources(&read_sources(dir, label)?.0)
    }

    fn parse_sources(sources: &[(String, String)]) -> Result<Dictionary, DictError> {
        let mut dict = Dictionary::default();
        for (name, text) in sources {
            dict.extend(Dictionary::parse_toml(text, name)?);
        }
        Ok(dict)
    }

    /// Parses the TOML files under `dir` and writes their compiled form to
    /// `dir/compiled.bin`, which later loads use while the sources are unchanged. Returns the
    /// path written.
    pub fn compile_dir(dir: &Path, label: &str) -> Result<std::path::PathBuf, DictError> {
        let (sources, key) = read_sources(dir, label)?;
        let dict = Dictionary::parse_sources(&sources)?;
        let path = dir.join(COMPILED_FILE);
        cache::write(&path, &dict, key);
        Ok(path)
    }

    /// True when `dir/compiled.bin` matches the TOML sources under `dir`.
    pub fn compiled_is_current(dir: &Path, label: &str) -> Result<bool, DictError> {
        let (_, key) = read_sources(dir, label)?;
        Ok(cache::read(&dir.join(COMPILED_FILE), key).is_some())
    }

    /// Loads one TOML dictionary file (any of the sections may be present).
    pub fn load_toml(path: &Path) -> Result<Dictionary, DictError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| DictError::Io {
            file: file.clone(),
            source,
        })?;
        Dictionary::parse_toml(&text, &file)
    }

    /// Parses TOML dictionary text; `file` names it in errors and origins.
    pub fn parse_toml(text: &str, file: &str) -> Result<Dictionary, DictError> {
        let file: Arc<str> = Arc::from(file);
        let line_of = |offset: usize| {
            text[..offset.min(text.len())]
                .bytes()
                .filter(|&b| b == b'\n')
                .count()
                + 1
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| DictError::Syntax {
            origin: Origin {
                file: file.clone(),
                line: e.span().map_or(1, |s| line_of(s.start)),
            },
            message: e.message().to_string(),
        })?;
        let origin = |span: std::ops::Range<usize>| Origin {
            file: file.clone(),
            line: line_of(span.start),
        };
        let mut dict = Dictionary::default();
        for c in raw.country {
            let o = origin(c.span());
            let c = c.into_inner();
            dict.countries.push(Country {
                code: c.code,
                iso2: c.iso2,
                name: c.name,
                aliases: c.aliases,
                demonyms: c.demonyms,
                capital: c.capital,
                capital_aliases: c.capital_aliases,
                origin: o,
            });
        }
        for a in raw.agent {
            let o = origin(a.span());
            let a = a.into_inner();
            for noun in a.nouns {
                dict.agents.push(Agent {
                    sector: a.sector.clone(),
                    noun,
                    prefix: false,
                    exact: false,
                    origin: o.clone(),
                });
            }
        }
        for m in raw.metonym {
            let o = origin(m.span());
            let m = m.into_inner();
            dict.metonyms.push(Metonym {
                name: m.name,
                aliases: m.aliases,
                code: m.code,
                origin: o,
            });
        }
        for p in raw.person {
            let o = origin(p.span());
            let p = p.into_inner();
            let roles = p
                .roles
                .into_iter()
                .map(|r| r.into_role(&o))
                .collect::<Result<Vec<_>, _>>()?;
            dict.entries.push(Entry {
                name: p.name,
                aliases: p.aliases,
                kind: Kind::Person,
                country: p.country,
                code: String::new(),
                roles,
                category: String::new(),
                origin: o,
            });
        }
        for g in raw.organization {
            let o = origin(g.span());
            let g = g.into_inner();
            dict.entries.push(Entry {
                name: g.name,
                aliases: g.aliases,
                kind: Kind::Organization,
                country: g.country,
                code: g.code,
                roles: Vec::new(),
                category: g.kind,
                origin: o,
            });
        }
        Ok(dict)
    }
}

/// Name of the compiled dictionary shipped beside the TOML sources.
pub const COMPILED_FILE: &str = "compiled.bin";

/// Reads every `.toml` file under `dir` (names as `label/relative/path`) and hashes their
/// names and contents into a cache key: any edit to any file gives a new key.
fn read_sources(dir: &Path, label: &str) -> Result<(Vec<(String, String)>, u64), DictError> {
    let mut files = Vec::new();
    collect_toml(dir, &mut files).map_err(|source| DictError::Io {
        file: dir.display().to_string(),
        source,
    })?;
    files.sort();
    let mut sources = Vec::with_capacity(files.len());
    for file in files {
        let name = match file.strip_prefix(dir) {
            Ok(rel) => format!("{}/{}", label.trim_end_matches('/'), rel.display()),
            Err(_) => file.display().to_string(),
        };
        let text = std::fs::read_to_string(&file).map_err(|source| DictError::Io {
            file: name.clone(),
            source,
        })?;
        sources.push((name, text));
    }
    let key = sources
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, (name, text)| {
            mix(mix(h, hash_str(name)), hash_str(text))
        });
    Ok((sources, key))
}

/// The parsed-dictionary cache: a flat binary form of [`Dictionary`] under the user's cache
/// directory (`$SITREP_CACHE`, else `$XDG_CACHE_HOME/sitrep`, else `~/.cache/sitrep`). It is
/// only ever an accelerator: any failure to read or write it falls back to parsing.
mod cache {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use chrono::NaiveDate;
    use sitrep_lang::binio::{BinError, Reader, Writer};

    use super::{Agent, Country, Dictionary, Discard, Entry, Kind, Metonym, Origin, Period, Role};

    const MAGIC: &[u8] = b"SITREP-DICT-3\n";

    pub fn path(key: u64) -> Option<PathBuf> {
        let dir = std::env::var_os("SITREP_CACHE")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("sitrep")))
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/sitrep")))?;
        Some(dir.join(format!("dict-{key:016x}.bin")))
    }

    /// The cached dictionary at `path`, if it was written for `key`.
    pub fn read(path: &Path, key: u64) -> Option<Dictionary> {
        let bytes = std::fs::read(path).ok()?;
        let name = path.display().to_string();
        let mut r = Reader::new(&bytes, &name);
        r.expect_magic(MAGIC).ok()?;
        if r.u64().ok()? != key {
            return None;
        }
        decode(&mut r).ok()
    }

    pub fn write(path: &Path, dict: &Dictionary, key: u64) {
        let mut w = Writer::default();
        w.magic(MAGIC);
        w.u64(key);
        encode(&mut w, dict);
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let ok = path
            .parent()
            .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
            && std::fs::write(&tmp, w.into_bytes()).is_ok();
        // Rename so a reader never sees half a file.
        if !ok || std::fs::rename(&tmp, path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    fn day(d: Option<NaiveDate>) -> u64 {
        d.map_or(u64::MAX, |d| d.num_days_from_ce() as u64)
    }

    fn undate(v: u64, r: &Reader) -> Result<Option<NaiveDate>, BinError> {
        if v == u64::MAX {
            return Ok(None);
        }
        let days = i32::try_from(v).map_err(|_| r.invalid("date out of range"))?;
        NaiveDate::from_num_days_from_ce_opt(days)
            .map(Some)
            .ok_or_else(|| r.invalid("date out of range"))
    }

    use chrono::Datelike;

    fn encode(w: &mut Writer, d: &Dictionary) {
        let mut files: Vec<Arc<str>> = Vec::new();
        let mut file_id = |o: &Origin| -> u64 {
            match files.iter().position(|f| *f == o.file) {
                Some(i) => i as u64,
                None => {
                    files.push(o.file.clone());
                    (files.len() - 1) as u64
                }
            }
        };
        let mut body = Writer::default();
        let mut origin = |b: &mut Writer, o: &Origin| {
            b.u64(file_id(o));
            b.u64(o.line as u64);
        };
        body.u64(d.countries.len() as u64);
        for c in &d.countries {
            for s in [&c.code, &c.iso2, &c.name, &c.capital] {
                body.str(s);
            }
            body.strs(&c.aliases);
            body.strs(&c.demonyms);
            body.strs(&c.capital_aliases);
            origin(&mut body, &c.origin);
        }
        body.u64(d.agents.len() as u64);
        for a in &d.agents {
            body.str(&a.sector);
            body.str(&a.noun);
            body.u64(u64::from(a.prefix));
            body.u64(u64::from(a.exact));
            origin(&mut body, &a.origin);
        }
        body.u64(d.metonyms.len() as u64);
        for m in &d.metonyms {
            body.str(&m.name);
            body.strs(&m.aliases);
            body.str(&m.code);
            origin(&mut body, &m.origin);
        }
        body.u64(d.entries.len() as u64);
        for e in &d.entries {
            body.str(&e.name);
            body.strs(&e.aliases);
            body.u64(e.kind as u64);
            body.str(&e.country);
            body.str(&e.code);
            body.str(&e.category);
            body.u64(e.roles.len() as u64);
            for r in &e.roles {
                body.str(&r.code);
                body.str(&r.title);
                body.u64(day(r.period.from));
                body.u64(day(r.period.to));
            }
            origin(&mut body, &e.origin);
        }
        body.u64(d.discards.len() as u64);
        for x in &d.discards {
            body.str(&x.phrase);
            body.u64(u64::from(x.story));
            origin(&mut body, &x.origin);
        }
        w.strs(&files.iter().map(|f| f.as_ref()).collect::<Vec<_>>());
        w.bytes(&body.into_bytes());
    }

    fn decode(r: &mut Reader) -> Result<Dictionary, BinError> {
        let files: Vec<Arc<str>> = r.strs()?.into_iter().map(Arc::from).collect();
        let origin = |r: &mut Reader| -> Result<Origin, BinError> {
            let f = r.u64()? as usize;
            let line = r.u64()? as usize;
            let file = files
                .get(f)
                .cloned()
                .ok_or_else(|| r.invalid("file index out of range"))?;
            Ok(Origin { file, line })
        };
        let count = |r: &mut Reader| -> Result<usize, BinError> {
            let n = r.u64()?;
            usize::try_from(n)
                .ok()
                .filter(|&n| n < 100_000_000)
                .ok_or_else(|| r.invalid("count out of range"))
        };
        let mut d = Dictionary::default();
        for _ in 0..count(r)? {
            let (code, iso2, name, capital) = (r.str()?, r.str()?, r.str()?, r.str()?);
            let (aliases, demonyms, capital_aliases) = (r.strs()?, r.strs()?, r.strs()?);
            let origin = origin(r)?;
            d.countries.push(Country {
                code,
                iso2,
                name,
                aliases,
                demonyms,
                capital,
                capital_aliases,
                origin,
            });
        }
        for _ in 0..count(r)? {
            let (sector, noun) = (r.str()?, r.str()?);
            let (prefix, exact) = (r.u64()? == 1, r.u64()? == 1);
            d.agents.push(Agent {
                sector,
                noun,
                prefix,
                exact,
                origin: origin(r)?,
            });
        }
        for _ in 0..count(r)? {
            let (name, aliases, code) = (r.str()?, r.strs()?, r.str()?);
            d.metonyms.push(Metonym {
                name,
                aliases,
                code,
                origin: origin(r)?,
            });
        }
        for _ in 0..count(r)? {
            let (name, aliases) = (r.str()?, r.strs()?);
            let kind = match r.u64()? {
                0 => Kind::Person,
                1 => Kind::Organization,
                2 => Kind::Country,
                3 => Kind::Group,
                4 => Kind::Place,
                _ => return Err(r.invalid("unknown kind")),
            };
            let (country, code, category) = (r.str()?, r.str()?, r.str()?);
            let mut roles = Vec::new();
            for _ in 0..count(r)? {
                let (code, title) = (r.str()?, r.str()?);
                let from = r.u64()?;
                let to = r.u64()?;
                roles.push(Role {
                    code,
                    title,
                    period: Period {
                        from: undate(from, r)?,
                        to: undate(to, r)?,
                    },
                });
            }
            d.entries.push(Entry {
                name,
                aliases,
                kind,
                country,
                code,
                roles,
                category,
                origin: origin(r)?,
            });
        }
        for _ in 0..count(r)? {
            let phrase = r.str()?;
            let story = r.u64()? == 1;
            d.discards.push(Discard {
                phrase,
                story,
                origin: origin(r)?,
            });
        }
        if !r.at_end() {
            return Err(r.invalid("trailing bytes"));
        }
        Ok(d)
    }
}

fn collect_toml(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_toml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; partial dates stand for their first day, or their
/// last day when `end` is set.
pub fn parse_partial_date(s: &str, end: bool) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str| p.parse::<u32>().ok();
    match parts.as_slice() {
        [y] => {
            let y = i32::try_from(num(y)?).ok()?;
            if end {
                NaiveDate::from_ymd_opt(y, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(y, 1, 1)
            }
        }
        [y, m] => {
            let (y, m) = (i32::try_from(num(y)?).ok()?, num(m)?);
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            if end {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                };
                next.and_then(|n| n.pred_opt())
            } else {
                Some(first)
            }
        }
        [y, m, d] => NaiveDate::from_ymd_opt(i32::try_from(num(y)?).ok()?, num(m)?, num(d)?),
        _ => None,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    country: Vec<toml::Spanned<RawCountry>>,
    #[serde(default)]
    agent: Vec<toml::Spanned<RawAgent>>,
    #[serde(default)]
    metonym: Vec<toml::Spanned<RawMetonym>>,
    #[serde(default)]
    person: Vec<toml::Spanned<RawPerson>>,
    #[serde(default)]
    organization: Vec<toml::Spanned<RawOrganization>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCountry {
    code: String,
    #[serde(default)]
    iso2: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    #[serde(default)]
    capital: String,
    #[serde(default)]
    capital_aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgent {
    sector: String,
    nouns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetonym {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    country: String,
    #[serde(default)]
    roles: Vec<RawRole>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    code: String,
    #[serde(default)]
    title: String,
    from: Option<String>,
    to: Option<String>,
}

impl RawRole {
    fn into_role(self, origin: &Origin) -> Result<Role, DictError> {
        let date = |s: &Option<String>, end: bool| -> Result<Option<NaiveDate>, DictError> {
            match s {
                None => Ok(None),
                Some(s) => parse_partial_date(s, end)
                    .map(Some)
                    .ok_or_else(|| DictError::Syntax {
                        origin: origin.clone(),
                        message: format!(
                            "role {:?}: {s:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                            self.code
                        ),
                    }),
            }
        };
        let period = Period {
            from: date(&self.from, false)?,
            to: date(&self.to, true)?,
        };
        Ok(Role {
            code: self.code,
            title: self.title,
            period,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganization {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    kind: String,
    code: String,
    #[serde(default)]
    country: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_take_the_right_end() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(parse_partial_date("2014", false), d(2014, 1, 1));
        assert_eq!(parse_partial_date("2014", true), d(2014, 12, 31));
        assert_eq!(parse_partial_date("2024-02", true), d(2024, 2, 29));
        assert_eq!(parse_partial_date("2014-06-07", true), d(2014, 6, 7));
        assert_eq!(parse_partial_date("2014-13", false), None);
        assert_eq!(parse_partial_date("soon", false), None);
    }

    #[test]
    fn toml_entries_keep_their_line_and_bad_dates_name_it() {
        let text = "# people\n[[person]]\nname = \"A B\"\ncountry = \"USA\"\nroles = [{ code = \"USAGOV\", from = \"2021-01-26\" }]\n\n[[person]]\nname = \"C D\"\nroles = [{ code = \"USAGOV\", from = \"last year\" }]\n";
        let err = Dictionary::parse_toml(text, "people.toml")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("people.toml:7:"), "{err}");
        let ok =
            Dictionary::parse_toml(&text[..text.find("\n\n").unwrap()], "people.toml").unwrap();
        assert_eq!(ok.entries[0].origin.line, 2);
        assert!(ok.entries[0].roles[0]
            .period
            .contains(NaiveDate::from_ymd_opt(2022, 1, 21).unwrap()));
    }

    #[test]
    fn unknown_fields_are_errors_with_a_line() {
        let err = Dictionary::parse_toml(
            "[[country]]\ncode = \"UKR\"\nname = \"Ukraine\"\ncapitol = \"Kyiv\"\n",
            "c.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("c.toml:") && err.contains("capitol"), "{err}");
    }

    #[test]
    fn the_cache_gives_back_exactly_what_was_parsed() {
        let dir = std::env::temp_dir().join(format!("sitrep-cache-test-{}", std::process::id()));
        let path = dir.join("d.bin");
        let text = "[[person]]\nname = \"A B\"\naliases = [\"Ab\"]\ncountry = \"USA\"\nroles = [{ code = \"USAGOV\", title = \"x\", from = \"2001-02\" }]\n\n[[agent]]\nsector = \"MIL\"\nnouns = [\"troop\"]\n";
        let dict = Dictionary::parse_toml(text, "a.toml").unwrap();
        cache::write(&path, &dict, 7);
        assert_eq!(cache::read(&path, 7), Some(dict));
        assert_eq!(
            cache::read(&path, 8),
            None,
            "another key's cache is not used"
        );
        std::fs::write(&path, b"SITREP-DICT-3\ngarbage").unwrap();
        assert_eq!(cache::read(&path, 7), None, "a corrupt cache is ignored");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_shipped_compiled_dictionary_is_current() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/dict");
        assert!(
            Dictionary::compiled_is_current(&dir, "data/dict").unwrap(),
            "data/dict/compiled.bin is out of date with the TOML files: run `cargo run --release -- dict compile`"
        );
    }

    #[test]
    fn the_default_dictionaries_load() {
        let dict = Dictionary::load_default().expect("data/dict loads");
        assert!(
            dict.countries.len() >= 240,
            "{} countries",
            dict.countries.len()
        );
        assert!(
            dict.entries
                .iter()
                .filter(|e| e.kind == Kind::Person)
                .count()
                >= 1500
        );
        assert!(
            dict.entries
                .iter()
                .filter(|e| e.kind == Kind::Organization)
                .count()
                >= 300
        );
        assert!(dict.agents.len() >= 60);
    }
}

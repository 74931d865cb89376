//! Places: a gazetteer built from GeoNames, and place names found in sentences.
//!
//! The gazetteer is two files under `data/gazetteer/`: `places.tsv`, built by
//! `scripts/build-gazetteer.py` from GeoNames (every city of 15,000 people or more, every
//! country, the US states and the continents), and `features.toml`, written by hand (regions,
//! provinces, disputed areas, seas and straits that wire stories name).
//!
//! # Finding names
//!
//! [`find_places`] reads a tagged and parsed sentence. A candidate name is a run of capitalised
//! words (proper nouns, and capitalised nouns and adjectives inside the run), with "of", "de",
//! "al" and the like between capitalised words and hyphens glued to their neighbours
//! ("Nagorno-Karabakh", "Bab el-Mandeb"). The whole run must be a gazetteer name; failing that, a
//! trailing generic word ("Galwan Valley" → "Galwan"), a leading direction or adjective
//! ("Northern Gaza" → "Gaza") or a hyphenated modifier ("Russian-occupied Kherson" → "Kherson")
//! may be dropped. A longer run that still names nothing ("Paris Hilton", "Washington Post") is
//! taken to be a person or organization and skipped as a whole, parts included. A lower-case
//! generic word right after the name ("Idlib province") joins the mention. The first word of a
//! sentence counts only when the tagger calls it a proper noun with a capitalised lemma
//! ("Yesterday", "Police" are not places), and month and weekday names never count.
//!
//! # Choosing among places
//!
//! A name can belong to many places. The rule, in order:
//! 1. a generic word ("Idlib province", "the province of Idlib", "Gaza City") restricts the
//!    choice to places of that kind, when there are any;
//! 2. a country beats a city of the same name ("Jordan", "Djibouti");
//! 3. within one country a city beats a province or state of its name: a bare "Kherson" or
//!    "Washington" is the city, "Kherson region" or "Washington state" the province;
//! 4. then a place in one of `doc_countries` wins, earlier in that list first;
//! 5. then countries, then provinces and states, then regions and waters, then cities and
//!    continents;
//! 6. then a place known by that name in the gazetteer's main spelling beats one known by an
//!    alternate spelling;
//! 7. then the larger population.
//!
//! One exception to 4: when the pick is a town and another city of the name is at least eight
//! times as populous, the larger city wins. A town that shares a world city's name ("Paris",
//! Texas) is rarely what a story means unless it says so, and "Paris, Texas" does: a name
//! followed by a comma and a country or US state takes the place in it.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use sitrep_doc::{Doc, Sentence, Span, Token};

use crate::{DataError, Origin};

/// What sort of place a gazetteer entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// A continent.
    Continent,
    /// A country or territory with an ISO 3166 code.
    Country,
    /// A first-level division: a state, province, oblast, governorate.
    Admin1,
    /// Any other land area: historical, disputed or geographic ("Donbas", "Sahel").
    Region,
    /// A sea, strait, gulf, lake or ocean.
    Water,
    /// A country's capital city.
    Capital,
    /// A city or town.
    City,
}

impl PlaceKind {
    /// The name used in data files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Continent => "continent",
            PlaceKind::Country => "country",
            PlaceKind::Admin1 => "admin1",
            PlaceKind::Region => "region",
            PlaceKind::Water => "water",
            PlaceKind::Capital => "capital",
            PlaceKind::City => "city",
        }
    }

    /// The kind a data file names, if it is one.
    pub fn parse(name: &str) -> Option<PlaceKind> {
        Some(match name {
            "continent" => PlaceKind::Continent,
            "country" => PlaceKind::Country,
            "admin1" => PlaceKind::Admin1,
            "region" => PlaceKind::Region,
            "water" => PlaceKind::Water,
            "capital" => PlaceKind::Capital,
            "city" => PlaceKind::City,
            _ => return None,
        })
    }

    fn is_city(self) -> bool {
        matches!(self, PlaceKind::City | PlaceKind::Capital)
    }

    /// Rule 5 of the choice: lower ranks first.
    fn rank(self) -> u8 {
        match self {
            PlaceKind::Country => 0,
            PlaceKind::Admin1 => 1,
            PlaceKind::Region | PlaceKind::Water => 2,
            PlaceKind::Capital | PlaceKind::City | PlaceKind::Continent => 3,
        }
    }
}

/// A place in the gazetteer.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Name as the gazetteer has it.
    pub name: String,
    /// Country, ISO 3166 alpha-3 (CAMEO spelling: the actor dictionaries' country codes);
    /// empty for continents and for features that span or lie between countries.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Population (0 when unknown).
    pub population: u64,
    /// GeoNames id, when it came from GeoNames.
    pub geonames_id: Option<u64>,
    /// What sort of place it is.
    pub kind: PlaceKind,
    /// The first-level division it lies in, where the gazetteer knows it (US cities); empty
    /// otherwise. A state's own record names itself.
    pub admin1: String,
}

/// One name the index knows a place by.
#[derive(Clone, Copy, Debug)]
struct Entry {
    place: u32,
    /// The place's main name or its ASCII spelling, rather than an alternate.
    primary: bool,
}

/// The gazetteer: places, indexed by every name they are known by (lower-cased, hyphens read
/// as spaces).
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    index: HashMap<String, Vec<Entry>>,
}

const PLACES_FILE: &str = "places.tsv";
const FEATURES_FILE: &str = "features.toml";
const COLUMNS: [&str; 10] = [
    "geonames_id",
    "name",
    "ascii",
    "alternates",
    "country",
    "lat",
    "lon",
    "population",
    "kind",
    "admin1",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeatureFile {
    #[serde(default)]
    feature: Vec<FeatureEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeatureEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    kind: String,
    country: String,
    lat: f64,
    lon: f64,
}

impl Gazetteer {
    /// Loads sitrep's bundled gazetteer, or the one in the folder `SITREP_GAZETTEER` names.
    pub fn load_default() -> Result<Gazetteer, DataError> {
        match std::env::var_os("SITREP_GAZETTEER") {
            Some(dir) => Gazetteer::load_dir(Path::new(&dir)),
            None => Gazetteer::load_dir_as(&crate::data_dir().join("gazetteer"), "data/gazetteer"),
        }
    }

    /// Loads `places.tsv` and `features.toml` from `dir`.
    pub fn load_dir(dir: &Path) -> Result<Gazetteer, DataError> {
        Gazetteer::load_dir_as(dir, &dir.display().to_string())
    }

    /// Like [`Gazetteer::load_dir`], naming files as `label/file` in errors.
    pub fn load_dir_as(dir: &Path, label: &str) -> Result<Gazetteer, DataError> {
        let read = |file: &str| {
            std::fs::read_to_string(dir.join(file)).map_err(|source| DataError::Io {
                file: format!("{label}/{file}"),
                source,
            })
        };
        let places = read(PLACES_FILE)?;
        let features = read(FEATURES_FILE)?;
        Gazetteer::parse(
            &places,
            &format!("{label}/{PLACES_FILE}"),
            &features,
            &format!("{label}/{FEATURES_FILE}"),
        )
    }

    /// Builds a gazetteer from the text of a places TSV and a features TOML file; the labels
    /// name them in errors.
    pub fn parse(
        places_tsv: &str,
        places_label: &str,
        features_toml: &str,
        features_label: &str,
    ) -> Result<Gazetteer, DataError> {
        let mut g = Gazetteer::default();
        g.parse_tsv(places_tsv, places_label)?;
        g.parse_features(features_toml, features_label)?;
        Ok(g)
    }

    fn parse_tsv(&mut self, text: &str, label: &str) -> Result<(), DataError> {
        let file: Arc<str> = label.into();
        let error = |line: usize, message: String| DataError::Syntax {
            origin: Origin {
                file: file.clone(),
                line,
            },
            message,
        };
        let mut header_seen = false;
        let rows = text.lines().count();
        self.places.reserve(rows);
        self.index.reserve(rows * 2);
        for (n, line) in text.lines().enumerate() {
            let line_no = n + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = [""; COLUMNS.len()];
            let mut count = 0;
            for field in line.split('\t') {
                if count < fields.len() {
                    fields[count] = field;
                }
                count += 1;
            }
            if !header_seen {
                if count != COLUMNS.len() || fields != COLUMNS {
                    return Err(error(
                        line_no,
                        format!(
                            "expected the header {:?}, found {:?}",
                            COLUMNS.join(" "),
                            line
                        ),
                    ));
                }
                header_seen = true;
                continue;
            }
            if count != COLUMNS.len() {
                return Err(error(
                    line_no,
                    format!(
                        "expected {} tab-separated fields, found {count}",
                        COLUMNS.len()
                    ),
                ));
            }
            let [id, name, ascii, alternates, country, lat, lon, population, kind, admin1] = fields;
            let geonames_id =
                if id.is_empty() {
                    None
                } else {
                    Some(id.parse::<u64>().map_err(|_| {
                        error(line_no, format!("geonames_id {id:?} is not a number"))
                    })?)
                };
            let population = population.parse::<u64>().map_err(|_| {
                error(
                    line_no,
                    format!("population {population:?} is not a number"),
                )
            })?;
            let kind = PlaceKind::parse(kind)
                .ok_or_else(|| error(line_no, format!("unknown kind {kind:?}")))?;
            let place = Place {
                name: name.to_string(),
                country: country.to_string(),
                lat: parse_coordinate(lat, 90.0)
                    .map_err(|m| error(line_no, format!("lat: {m}")))?,
                lon: parse_coordinate(lon, 180.0)
                    .map_err(|m| error(line_no, format!("lon: {m}")))?,
                population,
                geonames_id,
                kind,
                admin1: admin1.to_string(),
            };
            check_place(&place).map_err(|m| error(line_no, m))?;
            let alternates = alternates.split(';').filter(|a| !a.is_empty());
            self.add(
                place,
                [ascii].into_iter().filter(|a| !a.is_empty()),
                alternates,
            );
        }
        if !header_seen {
            return Err(error(1, "no header line: the file is empty".into()));
        }
        Ok(())
    }

    fn parse_features(&mut self, text: &str, label: &str) -> Result<(), DataError> {
        let file: FeatureFile = crate::parse_toml(text, label)?;
        let origin_file: Arc<str> = label.into();
        // serde does not report where a table began, so errors point at the line of its name.
        let line_of_name = |name: &str| {
            text.find(&format!("name = \"{name}\""))
                .map_or(1, |at| crate::line_of(text, at))
        };
        for f in file.feature {
            let error = |message: String| DataError::Syntax {
                origin: Origin {
                    file: origin_file.clone(),
                    line: line_of_name(&f.name),
                },
                message: format!("feature {:?}: {message}", f.name),
            };
            let kind = PlaceKind::parse(&f.kind)
                .filter(|k| matches!(k, PlaceKind::Admin1 | PlaceKind::Region | PlaceKind::Water))
                .ok_or_else(|| {
                    error(format!(
                        "kind {:?} is not \"admin1\", \"region\" or \"water\"",
                        f.kind
                    ))
                })?;
            if !(-90.0..=90.0).contains(&f.lat) || !(-180.0..=180.0).contains(&f.lon) {
                return Err(error(format!(
                    "coordinates {}, {} out of range",
                    f.lat, f.lon
                )));
            }
            let place = Place {
                name: f.name.clone(),
                country: f.country.clone(),
                lat: f.lat,
                lon: f.lon,
                population: 0,
                geonames_id: None,
                kind,
                admin1: if kind == PlaceKind::Admin1 {
                    f.name.clone()
                } else {
                    String::new()
                },
            };
            check_place(&place).map_err(error)?;
            self.add(
                place,
                std::iter::empty(),
                f.aliases.iter().map(String::as_str),
            );
        }
        Ok(())
    }

    fn add<'a>(
        &mut self,
        place: Place,
        primary: impl Iterator<Item = &'a str>,
        alternates: impl Iterator<Item = &'a str>,
    ) {
        let id = self.places.len() as u32;
        let mut push = |name: &str, primary: bool| {
            let list = self.index.entry(name_key(name)).or_default();
            // A place listed twice under one key (an alternate equal to the folded name)
            // keeps its best standing.
            match list.iter_mut().find(|e| e.place == id) {
                Some(e) => e.primary |= primary,
                None => list.push(Entry { place: id, primary }),
            }
        };
        push(&place.name, true);
        for name in primary {
            push(name, true);
        }
        for name in alternates {
            push(name, false);
        }
        self.places.push(place);
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every place, in file order (GeoNames rows, then the hand-written features).
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The places known by `name` (any case; hyphens and spaces alike).
    pub fn candidates(&self, name: &str) -> impl Iterator<Item = &Place> + '_ {
        self.entries(&name_key(name))
            .iter()
            .map(|e| &self.places[e.place as usize])
    }

    /// The place `name` most likely means in a document about `doc_countries` (alpha-3, most
    /// mentioned first), by the rule in the module documentation.
    pub fn resolve(&self, name: &str, doc_countries: &[String]) -> Option<&Place> {
        let entries = self.entries(&name_key(name));
        self.choose(entries, None, doc_countries)
            .map(|i| &self.places[i as usize])
    }

    fn entries(&self, key: &str) -> &[Entry] {
        self.index.get(key).map_or(&[], Vec::as_slice)
    }

    /// Picks one of `entries` (see "Choosing among places" in the module documentation).
    fn choose(
        &self,
        entries: &[Entry],
        want: Option<Want>,
        doc_countries: &[String],
    ) -> Option<u32> {
        let place = |e: &Entry| &self.places[e.place as usize];
        let mut pool: Vec<Entry> = entries.to_vec();
        if let Some(want) = want {
            if pool.iter().any(|e| want.accepts(place(e).kind)) {
                pool.retain(|e| want.accepts(place(e).kind));
            }
        }
        if pool.iter().any(|e| place(e).kind == PlaceKind::Country) {
            pool.retain(|e| !place(e).kind.is_city());
        }
        if want.is_none() {
            let city_countries: Vec<&str> = pool
                .iter()
                .filter(|e| place(e).kind.is_city())
                .map(|e| place(e).country.as_str())
                .collect();
            pool.retain(|e| {
                place(e).kind != PlaceKind::Admin1
                    || !city_countries.contains(&place(e).country.as_str())
            });
        }
        let listed = |p: &Place| {
            doc_countries
                .iter()
                .position(|c| !p.country.is_empty() && *c == p.country)
                .unwrap_or(usize::MAX)
        };
        let best = pool.iter().min_by_key(|e| {
            let p = place(e);
            (
                listed(p),
                p.kind.rank(),
                !e.primary,
                std::cmp::Reverse(p.population),
                e.place,
            )
        })?;
        let chosen = place(best);
        if chosen.kind.is_city() && chosen.population > 0 {
            let bigger = pool
                .iter()
                .filter(|e| {
                    let p = place(e);
                    p.kind.is_city() && p.population / WORLD_CITY_RATIO >= chosen.population
                })
                .max_by_key(|e| (place(e).population, std::cmp::Reverse(e.place)));
            if let Some(b) = bigger {
                return Some(b.place);
            }
        }
        Some(best.place)
    }
}

/// A city this populous is notable enough to stand before "of" as a place ("Aleppo of
/// Syria" is rare; "Bank of England" is not).
const NOTABLE_CITY: u64 = 100_000;

/// How many times as populous a city elsewhere must be to beat a town in a document country
/// (the exception to rule 4).
const WORLD_CITY_RATIO: u64 = 8;

fn parse_coordinate(text: &str, limit: f64) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (-limit..=limit).contains(&v) => Ok(v),
        Ok(v) => Err(format!("{v} is outside ±{limit}")),
        Err(_) => Err(format!("{text:?} is not a number")),
    }
}

fn check_place(place: &Place) -> Result<(), String> {
    if place.name.trim().is_empty() {
        return Err("empty name".into());
    }
    let code_ok = place.country.len() == 3 && place.country.bytes().all(|b| b.is_ascii_uppercase());
    if !(code_ok || place.country.is_empty()) {
        return Err(format!(
            "country {:?} is not an ISO alpha-3 code",
            place.country
        ));
    }
    if place.country.is_empty() && place.kind.is_city() {
        return Err("a city needs a country".into());
    }
    Ok(())
}

/// The index key of a name: lower case, hyphens and dashes read as spaces, curly apostrophes
/// as straight ones, runs of spaces as one.
fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '‐' | '–' | '—'))
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        for c in word.chars() {
            match c {
                '’' | 'ʼ' | '‘' => key.push('\''),
                c => key.extend(c.to_lowercase()),
            }
        }
    }
    key
}

/// The kind of place a generic word next to a name asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    /// "province", "region", "state", "oblast", "governorate", "district", "county".
    Area,
    /// "valley", a natural land feature.
    Land,
    /// "strait", "sea", "gulf".
    Water,
    /// "city", "town".
    City,
}

impl Want {
    fn accepts(self, kind: PlaceKind) -> bool {
        match self {
            Want::Area => matches!(kind, PlaceKind::Admin1 | PlaceKind::Region),
            Want::Land => kind == PlaceKind::Region,
            Want::Water => kind == PlaceKind::Water,
            Want::City => kind.is_city(),
        }
    }
}

/// Generic words that follow or precede a name as part of it or as its modifier.
fn generic_word(word: &str) -> Option<Want> {
    Some(match word.to_lowercase().as_str() {
        "province" | "region" | "state" | "oblast" | "governorate" | "district" | "county"
        | "prefecture" | "territory" | "provinces" | "regions" => Want::Area,
        "valley" => Want::Land,
        "strait" | "straits" => Want::Water,
        "city" | "town" => Want::City,
        _ => return None,
    })
}

/// Lower-case words that may sit inside a name between capitalised words ("Strait of
/// Hormuz", "Rio de Janeiro", "Deir ez-Zor").
const CONNECTORS: &[&str] = &[
    "of", "de", "del", "da", "do", "dos", "das", "du", "la", "le", "al", "el", "ez", "es", "ul",
    "and", "bin", "ibn", "van", "von", "der", "den",
];

/// Capitalised words that head a name as a modifier and may be dropped when the whole run is
/// not a name ("Northern Gaza", "Central Java").
const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "upper",
    "lower",
    "greater",
    "occupied",
];

/// Calendar words: time expressions, never places ("in March", "on Monday").
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Prepositions that put what follows at a place.
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "from",
    "to",
    "across",
    "into",
    "around",
    "inside",
    "within",
    "throughout",
    "toward",
    "towards",
    "through",
    "along",
    "off",
    "over",
    "onto",
];

/// A place named in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMention {
    /// Token indices (into the sentence's tokens) of the name, with a generic word that goes
    /// with it ("Idlib province"); without a leading "the".
    pub tokens: Range<usize>,
    /// The token whose dependency head attaches the name to its clause.
    pub head: usize,
    /// Byte span in the document text.
    pub span: Span,
    /// The place chosen.
    pub place: Place,
    /// The name follows a locative preposition ("in", "near", "across" …, directly or as the
    /// conjunct of one that does): it says where something happened rather than naming an
    /// actor, and callers should prefer it.
    pub locative: bool,
}

/// A name found in the sentence before the choice among its places.
struct Found<'g> {
    tokens: Range<usize>,
    entries: &'g [Entry],
    want: Option<Want>,
}

/// Places named in sentence `sentence` of `doc`, in text order. `doc_countries` are the
/// alpha-3 codes of the countries the document is about (most mentioned first), used to choose
/// among places with the same name.
pub fn find_places(
    gazetteer: &Gazetteer,
    doc: &Doc,
    sentence: usize,
    doc_countries: &[String],
) -> Vec<PlaceMention> {
    let Some(sent) = doc.sentences.get(sentence) else {
        return Vec::new();
    };
    let toks = &sent.tokens;
    let words = Words { doc, toks };
    let mut found: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if words.starts_name(i) {
            let end = words.run_end(i);
            names_in_run(gazetteer, &words, i..end, false, &mut found);
            i = end.max(i + 1);
        } else if words.name_word(i) && words.sentence_initial(i) {
            // A sentence-initial word the tagger does not call a name still opens one when
            // the whole run is a place ("Saudi Arabia and …"); a common word alone does not.
            let end = words.run_end(i);
            i = if names_in_run(gazetteer, &words, i..end, true, &mut found) {
                end
            } else {
                i + 1
            };
        } else {
            i += 1;
        }
    }

    let mut chosen: Vec<Option<u32>> = found
        .iter()
        .map(|f| gazetteer.choose(f.entries, f.want, doc_countries))
        .collect();
    qualify(gazetteer, &words, &found, &mut chosen);

    found
        .iter()
        .zip(chosen)
        .filter_map(|(f, c)| {
            let place = gazetteer.places[c? as usize].clone();
            let head = head_of(toks, &f.tokens);
            Some(PlaceMention {
                span: Span::new(
                    toks[f.tokens.start].span.start,
                    toks[f.tokens.end - 1].span.end,
                ),
                locative: locative(&words, sent, &f.tokens, head),
                tokens: f.tokens.clone(),
                head,
                place,
            })
        })
        .collect()
}

/// The sentence's words as the name finder reads them.
struct Words<'a> {
    doc: &'a Doc,
    toks: &'a [Token],
}

impl Words<'_> {
    fn text(&self, i: usize) -> &str {
        self.doc.token_text(&self.toks[i])
    }

    fn lower(&self, i: usize) -> String {
        self.text(i).to_lowercase()
    }

    fn capitalised(&self, i: usize) -> bool {
        self.text(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// A capitalised word of a sort names are made of (not "The", "In", "I").
    fn name_word(&self, i: usize) -> bool {
        self.capitalised(i)
            && matches!(
                self.toks[i].upos.as_str(),
                "PROPN" | "NOUN" | "ADJ" | "X" | ""
            )
    }

    /// No space between token `i` and the next.
    fn glued(&self, i: usize) -> bool {
        i + 1 < self.toks.len() && self.toks[i].span.end == self.toks[i + 1].span.start
    }

    fn is_hyphen(&self, i: usize) -> bool {
        matches!(self.text(i), "-" | "‐" | "–")
    }

    /// First word of the sentence, after any opening quotes or brackets.
    fn sentence_initial(&self, i: usize) -> bool {
        self.toks[..i].iter().all(|t| t.upos == "PUNCT")
    }

    fn starts_name(&self, i: usize) -> bool {
        if !self.name_word(i) {
            return false;
        }
        if self.sentence_initial(i) {
            // The capital says nothing here: trust the tagger, and its lemmatizer, which
            // lower-cases words it knows as common ("Police", "Yesterday").
            let t = &self.toks[i];
            return t.upos == "PROPN" && !t.lemma.chars().next().is_some_and(char::is_lowercase);
        }
        true
    }

    /// One past the last token of the run of name words starting at `start`.
    fn run_end(&self, start: usize) -> usize {
        let n = self.toks.len();
        let mut end = start + 1;
        loop {
            if end < n && self.name_word(end) {
                end += 1;
            } else if end + 1 < n && self.glued(end - 1) && self.is_hyphen(end) && self.glued(end) {
                // "Nagorno-Karabakh", and "Kherson-based", trimmed later.
                end += 2;
            } else if end + 1 < n
                && CONNECTORS.contains(&self.lower(end).as_str())
                && (self.name_word(end + 1)
                    || (end + 2 < n
                        && self.glued(end)
                        && self.is_hyphen(end + 1)
                        && self.name_word(end + 2)))
            {
                end += 1;
            } else {
                return end;
            }
        }
    }
}

/// The names in run `run`: the run itself, or, when it names nothing, its parts either side
/// of an "and" ("Rio de Janeiro and São Paulo"; "Bosnia and Herzegovina" is found whole) or of
/// an "of" whose left part is a place ("Bekaa Valley of Lebanon", but not "Bank of England").
/// `initial` as for [`match_run`]'s `whole_only`, for the first part. True when anything was
/// found.
fn names_in_run<'g>(
    g: &'g Gazetteer,
    w: &Words,
    run: Range<usize>,
    initial: bool,
    out: &mut Vec<Found<'g>>,
) -> bool {
    if let Some(f) = match_run(g, w, run.clone(), initial) {
        out.push(f);
        return true;
    }
    let split = |word: &str| (run.start + 1..run.end).find(|&k| w.lower(k) == word);
    if let Some(k) = split("and") {
        let left = names_in_run(g, w, run.start..k, initial, out);
        return names_in_run(g, w, k + 1..run.end, false, out) || left;
    }
    if let Some(k) = split("of") {
        // "X of Y" is more often a title or an organization ("Bank of England") than a place
        // and its country, so X must be more than a town that happens to share a word.
        let notable = |f: &Found| {
            f.entries.iter().any(|e| {
                let p = &g.places[e.place as usize];
                !p.kind.is_city() || p.population >= NOTABLE_CITY
            })
        };
        if let Some(f) = match_run(g, w, run.start..k, initial).filter(notable) {
            out.push(f);
            names_in_run(g, w, k + 1..run.end, false, out);
            return true;
        }
    }
    false
}

/// The longest reading of run `run` that names a place, or none; with `whole_only`, only the
/// whole run (and a generic word after it) counts.
fn match_run<'g>(
    g: &'g Gazetteer,
    w: &Words,
    run: Range<usize>,
    whole_only: bool,
) -> Option<Found<'g>> {
    let toks = w.toks;
    if run.is_empty() || (whole_only && run.len() < 2) {
        return None;
    }
    let text_key = |r: &Range<usize>| {
        name_key(w.doc.span_text(Span::new(
            toks[r.start].span.start,
            toks[r.end - 1].span.end,
        )))
    };
    // The entries a reading names, and whether the "the" before it belongs to the name.
    let lookup = |r: &Range<usize>| -> Option<(&'g [Entry], bool)> {
        if r.is_empty() {
            return None;
        }
        if r.len() == 1 && CALENDAR.contains(&w.lower(r.start).as_str()) {
            return None;
        }
        // "The Hague", "The Gambia": an article the index spells with the name.
        if r.start > 0 && w.lower(r.start - 1) == "the" {
            let with = format!("the {}", text_key(r));
            if let Some(e) = g.index.get(&with) {
                return Some((e, true));
            }
        }
        g.index.get(&text_key(r)).map(|e| (e.as_slice(), false))
    };

    // Readings, best first: the whole run; without a leading modifier; without a trailing
    // generic word; both.
    let mut starts = vec![run.start];
    let mut s = run.start;
    while !whole_only && s + 1 < run.end {
        let word = w.lower(s);
        let hyphen_modifier = s + 2 < run.end && w.is_hyphen(s + 1) && !w.capitalised(s + 2);
        if hyphen_modifier {
            // "Russian-occupied Kherson": drop the whole compound modifier.
            s += 3;
        } else if DIRECTIONS.contains(&word.as_str()) || toks[s].upos == "ADJ" {
            s += 1;
        } else {
            break;
        }
        if s < run.end {
            starts.push(s);
        }
    }
    let mut end = run.end;
    // "Kherson-based": a hyphenated lower-case tail is not part of the name.
    if !whole_only && end - run.start >= 3 && w.is_hyphen(end - 2) && !w.capitalised(end - 1) {
        end -= 2;
    }
    let trailing = (!whole_only && end - run.start >= 2)
        .then(|| generic_word(w.text(end - 1)))
        .flatten();

    for &start in &starts {
        if start >= end {
            continue;
        }
        let whole = start..end;
        if let Some((entries, article)) = lookup(&whole) {
            let want = preceding_generic(w, start).or(after_generic(w, end));
            let first = if article { start - 1 } else { start };
            let last = if after_generic(w, end).is_some() {
                end + 1
            } else {
                end
            };
            return Some(Found {
                tokens: first..last,
                entries,
                want,
            });
        }
        if let Some(want) = trailing {
            let short = start..end - 1;
            if let Some((entries, article)) = lookup(&short) {
                let first = if article { start - 1 } else { start };
                return Some(Found {
                    tokens: first..end,
                    entries,
                    want: Some(want),
                });
            }
        }
    }
    None
}

/// A lower-case generic word right after the name: "Idlib province".
fn after_generic(w: &Words, end: usize) -> Option<Want> {
    (end < w.toks.len() && !w.capitalised(end))
        .then(|| generic_word(w.text(end)))
        .flatten()
}

/// "the province of Idlib": a generic word and "of" before the name.
fn preceding_generic(w: &Words, start: usize) -> Option<Want> {
    (start >= 2 && w.lower(start - 1) == "of" && !w.capitalised(start - 2))
        .then(|| generic_word(w.text(start - 2)))
        .flatten()
}

/// "Paris, Texas", "Atlanta, Georgia": a name followed by a comma and a country or US state
/// takes the place in it, and the qualifier is read as the one that contains it.
fn qualify(g: &Gazetteer, w: &Words, found: &[Found], chosen: &mut [Option<u32>]) {
    for k in 0..found.len().saturating_sub(1) {
        let (a, b) = (&found[k], &found[k + 1]);
        if a.tokens.end + 1 != b.tokens.start || w.text(a.tokens.end) != "," {
            continue;
        }
        let pair = b.entries.iter().find_map(|outer| {
            let op = &g.places[outer.place as usize];
            if !matches!(op.kind, PlaceKind::Country | PlaceKind::Admin1) {
                return None;
            }
            let inner = a
                .entries
                .iter()
                .filter(|e| {
                    let p = &g.places[e.place as usize];
                    e.place != outer.place
                        && p.country == op.country
                        && (op.kind == PlaceKind::Country || p.admin1 == op.name)
                })
                .max_by_key(|e| (e.primary, g.places[e.place as usize].population))?;
            Some((inner.place, outer.place))
        });
        if let Some((inner, outer)) = pair {
            chosen[k] = Some(inner);
            chosen[k + 1] = Some(outer);
        }
    }
}

/// The token of `range` that attaches it to the rest of the sentence. The parser is not always
/// right, so when the tree has no single such token, the last proper noun stands in.
fn head_of(toks: &[Token], range: &Range<usize>) -> usize {
    let outside: Vec<usize> = range
        .clone()
        .filter(|&i| {
            let h = toks[i].head;
            toks[i].upos != "PUNCT" && (h == 0 || !range.contains(&(h - 1)))
        })
        .collect();
    if let [one] = outside.as_slice() {
        return *one;
    }
    range
        .clone()
        .rev()
        .find(|&i| matches!(toks[i].upos.as_str(), "PROPN" | "NOUN"))
        .unwrap_or(range.end - 1)
}

/// Whether the name is the object of a locative preposition, by the tree (its own `case`
/// word, or that of the conjunct it is coordinated with) or, where the tree disagrees, by the
/// word before it (past "the" and adjectives: "into southern Israel").
fn locative(w: &Words, sent: &Sentence, range: &Range<usize>, head: usize) -> bool {
    let toks = &sent.tokens;
    let case_of = |h: usize| {
        toks.iter().enumerate().any(|(i, t)| {
            t.head == h + 1
                && t.deprel.starts_with("case")
                && LOCATIVE.contains(&w.lower(i).as_str())
        })
    };
    let has_case = |h: usize| {
        toks.iter()
            .any(|t| t.head == h + 1 && t.deprel.starts_with("case"))
    };
    // The tree is trusted when it gives the name a preposition ("Sudan's" has "'s", not the
    // "in" before it); the conjunct of a located name shares its preposition.
    if has_case(head) {
        return case_of(head);
    }
    if toks[head].deprel == "conj" && toks[head].head > 0 && has_case(toks[head].head - 1) {
        return case_of(toks[head].head - 1);
    }
    let mut k = range.start;
    while k > 0 {
        k -= 1;
        match toks[k].upos.as_str() {
            "DET" | "ADJ" => continue,
            "ADP" => return LOCATIVE.contains(&w.lower(k).as_str()),
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn pipeline() -> &'static sitrep_lang::Pipeline {
        static P: OnceLock<sitrep_lang::Pipeline> = OnceLock::new();
        P.get_or_init(|| sitrep_lang::Pipeline::load_default().expect("language models load"))
    }

    fn gazetteer() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::load_default().expect("bundled gazetteer loads"))
    }

    fn places(text: &str, countries: &[&str]) -> (Doc, Vec<PlaceMention>) {
        let mut doc = Doc::new("t", text);
        pipeline().annotate(&mut doc);
        let countries: Vec<String> = countries.iter().map(|c| c.to_string()).collect();
        let found = (0..doc.sentences.len())
            .flat_map(|s| find_places(gazetteer(), &doc, s, &countries))
            .collect();
        (doc, found)
    }

    fn names(text: &str, countries: &[&str]) -> Vec<(String, String, String)> {
        let (doc, found) = places(text, countries);
        found
            .iter()
            .map(|m| {
                (
                    doc.span_text(m.span).to_string(),
                    m.place.name.clone(),
                    m.place.country.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn loads_the_bundled_gazetteer() {
        let g = gazetteer();
        assert!(g.len() >= 20_000, "only {} places", g.len());
        let kinds = |k: PlaceKind| g.places().iter().filter(|p| p.kind == k).count();
        assert!(kinds(PlaceKind::Country) >= 240);
        assert!(kinds(PlaceKind::Admin1) >= 51);
        assert!(kinds(PlaceKind::Water) >= 20);
    }

    #[test]
    fn geneva_is_in_switzerland() {
        let (doc, found) = places("Talks resumed in Geneva on Monday.", &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        let m = &found[0];
        assert_eq!(doc.span_text(m.span), "Geneva");
        assert_eq!(m.place.country, "CHE");
        assert!((m.place.lat - 46.2).abs() < 0.1 && (m.place.lon - 6.15).abs() < 0.1);
        assert_eq!(m.place.geonames_id, Some(2660646));
        assert!(m.locative);
        assert_eq!(doc.token_text(&doc.sentences[0].tokens[m.head]), "Geneva");
    }

    #[test]
    fn province_word_joins_the_name_and_picks_the_province() {
        let (doc, found) = places("Airstrikes hit Idlib province overnight.", &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        let m = &found[0];
        assert_eq!(doc.span_text(m.span), "Idlib province");
        assert_eq!(m.place.name, "Idlib Governorate");
        assert_eq!(m.place.country, "SYR");
        assert_eq!(doc.token_text(&doc.sentences[0].tokens[m.head]), "province");
        // Without the generic word the city is meant.
        let bare = names("Rebels regrouped in Idlib after the raid.", &[]);
        assert_eq!(bare, [("Idlib".into(), "Idlib".into(), "SYR".into())]);
        let of = names("Shelling continued in the province of Idlib.", &[]);
        assert_eq!(of[0].1, "Idlib Governorate");
    }

    #[test]
    fn valley_with_article() {
        let (doc, found) = places(
            "Indian and Chinese troops clashed in the Galwan Valley.",
            &["IND"],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let m = &found[0];
        assert_eq!(doc.span_text(m.span), "Galwan Valley");
        assert_eq!(m.place.name, "Galwan Valley");
        assert!(m.locative);
        assert_eq!(doc.token_text(&doc.sentences[0].tokens[m.head]), "Valley");
    }

    #[test]
    fn document_countries_choose_among_namesakes() {
        let text = "Gunmen opened fire in Tripoli on Tuesday.";
        assert_eq!(names(text, &["LBN"])[0].2, "LBN");
        assert_eq!(names(text, &["LBY"])[0].2, "LBY");
        assert_eq!(names(text, &["LBN", "LBY"])[0].2, "LBN");
        // No document country: the more populous.
        assert_eq!(names(text, &[])[0].2, "LBY");
    }

    #[test]
    fn countries_beat_cities_and_states_need_context() {
        let g = gazetteer();
        assert_eq!(
            g.resolve("Georgia", &[]).map(|p| p.kind),
            Some(PlaceKind::Country)
        );
        let us = g.resolve("Georgia", &["USA".into()]);
        assert_eq!(
            us.map(|p| (p.kind, p.country.as_str())),
            Some((PlaceKind::Admin1, "USA"))
        );
        assert_eq!(
            g.resolve("Jordan", &["HKG".into()]).map(|p| p.kind),
            Some(PlaceKind::Country)
        );
        // The city, not the state of the same name in the same country.
        let w = g.resolve("Washington", &["USA".into()]);
        assert_eq!(w.map(|p| p.kind), Some(PlaceKind::Capital));
        // A world city beats a town in a document country.
        assert_eq!(
            g.resolve("Paris", &["USA".into()])
                .map(|p| p.country.as_str()),
            Some("FRA")
        );
    }

    #[test]
    fn a_comma_qualifier_picks_the_place_inside_it() {
        let found = names("The storm flooded Paris, Texas, on Sunday.", &[]);
        assert_eq!(
            found[0],
            ("Paris".into(), "Paris".into(), "USA".into()),
            "{found:?}"
        );
        assert_eq!(found[1].1, "Texas");
        let atl = names("He flew to Atlanta, Georgia, from Tbilisi.", &[]);
        let georgia = atl.iter().find(|n| n.0 == "Georgia").map(|n| n.2.as_str());
        assert_eq!(georgia, Some("USA"), "{atl:?}");
        let tbilisi = atl.iter().find(|n| n.0 == "Tbilisi").map(|n| n.2.as_str());
        assert_eq!(tbilisi, Some("GEO"));
    }

    #[test]
    fn people_are_not_places() {
        let found = names("Paris Hilton arrived in Madrid for the premiere.", &[]);
        assert_eq!(found, [("Madrid".into(), "Madrid".into(), "ESP".into())]);
        let found = names("Washington Post reporters met Lincoln Chafee.", &[]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn sentence_initial_common_words_and_dates_are_not_places() {
        let found = names("Yesterday the army shelled Tripoli.", &["LBY"]);
        assert_eq!(found, [("Tripoli".into(), "Tripoli".into(), "LBY".into())]);
        let found = names(
            "Police said the attack near Kramatorsk killed five in March.",
            &[],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "Kramatorsk");
    }

    #[test]
    fn multiword_hyphenated_and_water_names() {
        let found = names(
            "Russian forces advanced across the Donbas region and into Nagorno-Karabakh.",
            &[],
        );
        let got: Vec<&str> = found.iter().map(|n| n.1.as_str()).collect();
        assert_eq!(got, ["Donbas", "Nagorno-Karabakh"]);
        let found = names(
            "Tankers crossed the Strait of Hormuz to the Gulf of Oman.",
            &[],
        );
        let got: Vec<&str> = found.iter().map(|n| n.1.as_str()).collect();
        assert_eq!(got, ["Strait of Hormuz", "Gulf of Oman"]);
        let found = names("Protesters gathered in Rio de Janeiro and São Paulo.", &[]);
        let got: Vec<&str> = found.iter().map(|n| n.1.as_str()).collect();
        assert_eq!(got, ["Rio de Janeiro", "São Paulo"]);
    }

    #[test]
    fn countries_are_places_and_locatives_are_marked() {
        let (doc, found) = places(
            "Hamas fired rockets from the Gaza Strip into southern Israel.",
            &[],
        );
        let got: Vec<(&str, &str, bool)> = found
            .iter()
            .map(|m| (doc.span_text(m.span), m.place.kind.as_str(), m.locative))
            .collect();
        assert_eq!(
            got,
            [("Gaza Strip", "region", true), ("Israel", "country", true)]
        );
        let (_, found) = places("Georgia's ambassador protested.", &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].place.kind, PlaceKind::Country);
        assert!(!found[0].locative);
    }

    #[test]
    fn old_spellings_and_modifiers() {
        let found = names(
            "Sirens sounded in Kiev and in Russian-occupied Kherson.",
            &[],
        );
        let got: Vec<(&str, &str)> = found.iter().map(|n| (n.1.as_str(), n.2.as_str())).collect();
        assert_eq!(got, [("Kyiv", "UKR"), ("Kherson", "UKR")]);
    }

    #[test]
    fn runs_split_at_and_and_of_and_keep_their_article() {
        let found = names("Saudi Arabia and Iran restored ties.", &[]);
        let got: Vec<&str> = found.iter().map(|n| n.2.as_str()).collect();
        assert_eq!(got, ["SAU", "IRN"], "{found:?}");
        let found = names("Shells fell in the Bekaa Valley of Lebanon.", &[]);
        let got: Vec<&str> = found.iter().map(|n| n.1.as_str()).collect();
        assert_eq!(got, ["Bekaa Valley", "Lebanon"]);
        let found = names("The Bank of England raised rates.", &[]);
        assert!(found.is_empty(), "{found:?}");
        let found = names("Judges in The Hague ruled.", &[]);
        assert_eq!(
            found,
            [("The Hague".into(), "The Hague".into(), "NLD".into())]
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        let header = COLUMNS.join("\t");
        let bad = format!("# comment\n{header}\n1\tX\t\t\tFRA\t91\t2\t0\tcity\t\n");
        let err = Gazetteer::parse(&bad, "p.tsv", "feature = []", "f.toml").unwrap_err();
        assert!(err.to_string().starts_with("p.tsv:3: lat"), "{err}");
        let short = format!("{header}\n1\tX\tFRA\n");
        let err = Gazetteer::parse(&short, "p.tsv", "feature = []", "f.toml").unwrap_err();
        assert!(err.to_string().starts_with("p.tsv:2:"), "{err}");
        let good = format!("{header}\n1\tX\t\t\tFRA\t1\t2\t0\tcity\t\n");
        let feature =
            "[[feature]]\nname = \"Y\"\nkind = \"lake\"\ncountry = \"\"\nlat = 1.0\nlon = 2.0\n";
        let err = Gazetteer::parse(&good, "p.tsv", feature, "f.toml").unwrap_err();
        assert!(
            err.to_string().starts_with("f.toml:2: feature \"Y\": kind"),
            "{err}"
        );
        let g = Gazetteer::parse(&good, "p.tsv", "feature = []", "f.toml").map(|g| g.len());
        assert_eq!(g.ok(), Some(1));
    }

    #[test]
    fn names_are_keyed_loosely() {
        assert_eq!(name_key("Nagorno-Karabakh"), "nagorno karabakh");
        assert_eq!(name_key("  Bab el-Mandeb "), "bab el mandeb");
        assert_eq!(name_key("Cote d’Ivoire"), "cote d'ivoire");
    }
}

//! Tests that need the store's private parts: opening old schema versions.

use super::*;

fn store_at_version(path: &Path, version: i64) -> Store {
    let conn = Connection::open(path).unwrap();
    let mut store = Store {
        conn,
        path: Some(path.to_path_buf()),
    };
    store.configure(Durability::Normal).unwrap();
    store.migrate_to(version).unwrap();
    store
}

#[test]
fn a_version_1_database_is_migrated_with_its_data() {
    let dir = std::env::temp_dir().join(format!("sitrep-store-migrate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("v1.db");
    let _ = std::fs::remove_file(&path);
    {
        let store = store_at_version(&path, 1);
        assert_eq!(store.version().unwrap(), 1);
        // A row as sitrep with schema 1 wrote it: no `root` column yet.
        store
            .conn
            .execute_batch(
                "INSERT INTO documents (id, language, ingested_at, published)
                   VALUES ('d1', 'en', '2022-01-01T00:00:00Z', '2022-02-21');
                 INSERT INTO events (event_id, doc_id, local_id, sentence, day, date_precision,
                   source_code, target_code, cameo, goldstein, quad_class, modality,
                   evidence_start, evidence_end, evidence_text, confidence)
                   VALUES ('e1', 'd1', 'E1', 0, '2022-02-21', 'day', 'RUS', 'UKR', '1951', -10.0,
                   4, 'asserted', 0, 7, 'shelled', 0.9);
                 INSERT INTO mentions VALUES ('e1', 'd1', 'E1', 0, 0, 7, 0.9);",
            )
            .unwrap();
        let err = store.conn.prepare("SELECT root FROM events");
        assert!(err.is_err(), "version 1 has no root column");
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.version().unwrap(), schema::VERSION);
    store.check().unwrap();
    let root: String = store
        .conn
        .query_row("SELECT root FROM events WHERE event_id = 'e1'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        root, "19",
        "the migration fills the new column from the old rows"
    );
    let page = store
        .query_events(
            &Filters {
                root: Some("19".into()),
                ..Filters::default()
            },
            &Page::default(),
        )
        .unwrap();
    assert_eq!(page.events.len(), 1);
    assert_eq!(page.events[0].event.evidence.text, "shelled");
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_database_from_a_newer_sitrep_is_refused() {
    let dir = std::env::temp_dir().join(format!("sitrep-store-newer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("new.db");
    let _ = std::fs::remove_file(&path);
    {
        let store = Store::open(&path).unwrap();
        store
            .conn
            .pragma_update(None, "user_version", schema::VERSION + 1)
            .unwrap();
    }
    let err = Store::open(&path).err().expect("must refuse");
    assert!(err.to_string().contains("newer than this sitrep"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

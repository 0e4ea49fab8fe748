-- 022_search.sqlite.sql: the users' search document and its index (issue 17).
-- users.search_text is written by the store on every write that changes
-- what it holds (store/search.c): the name, login, emails, extensions and
-- phone numbers, lower-cased, each field between 0x1f marks. Here it is
-- indexed by an FTS5 table with the trigram tokenizer that reads its text
-- from users (external content); the triggers keep it exact in the same
-- transaction as each write, whichever path writes (the API, an import, a
-- copy from another database). 022_search.postgres.sql is the same on
-- PostgreSQL with pg_trgm. The store asks it for candidates as
-- user_search(?), FTS5's table-valued form, with an FTS5 query: the terms
-- as phrases ("jansen" "piet"), every one a substring, and the
-- organization's token (store/search.c), so that a search in a small
-- organization does not wade through the whole platform's matches. Existing users get their document when the
-- migration has run (store_migrate, store_search_backfill).
-- An import writes a row a savepoint, and FTS5 writes out what it holds at
-- each savepoint, a new segment every row: 100,000 rows took three times as
-- long. So a long write (store_search_defer, the import) puts a row in
-- search_defer, and while it is there the triggers only note what changed
-- in search_pending (the text a row had in the index, once), which
-- store_search_flush applies to the indexes in one go before the commit.
CREATE TABLE search_defer (since INTEGER NOT NULL);
CREATE TABLE search_pending (
    tbl TEXT NOT NULL, row INTEGER NOT NULL,
    old_id TEXT, old_text TEXT, -- as in the index; NULL: not in it
    PRIMARY KEY (tbl, row)
);
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE user_search USING fts5(id UNINDEXED, search_text, content='users',
    content_rowid='rowid', tokenize='trigram');
-- every existing row in the index (with its empty text), so that the
-- update trigger's delete finds what it removes
INSERT INTO user_search (user_search) VALUES ('rebuild');
-- An import writes a savepoint a row, and FTS5 flushes its pending terms
-- into a new segment at each: merging them 4 at a time (the default) made
-- an import of 100,000 users 3 times slower; 16 (the most) costs about a
-- tenth, and a query reads a few more segments.
INSERT INTO user_search (user_search, rank) VALUES ('automerge', 16);
CREATE TRIGGER user_search_insert AFTER INSERT ON users WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT INTO user_search (rowid, id, search_text) VALUES (new.rowid, new.id, new.search_text);
END;
CREATE TRIGGER user_search_insert_later AFTER INSERT ON users WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT OR IGNORE INTO search_pending VALUES ('user', new.rowid, NULL, NULL);
END;
CREATE TRIGGER user_search_delete AFTER DELETE ON users WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT INTO user_search (user_search, rowid, id, search_text)
    VALUES ('delete', old.rowid, old.id, old.search_text);
END;
CREATE TRIGGER user_search_delete_later AFTER DELETE ON users WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT OR IGNORE INTO search_pending VALUES ('user', old.rowid, old.id, old.search_text);
END;
CREATE TRIGGER user_search_update AFTER UPDATE OF search_text ON users WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT INTO user_search (user_search, rowid, id, search_text)
    VALUES ('delete', old.rowid, old.id, old.search_text);
    INSERT INTO user_search (rowid, id, search_text) VALUES (new.rowid, new.id, new.search_text);
END;
CREATE TRIGGER user_search_update_later AFTER UPDATE OF search_text ON users WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT OR IGNORE INTO search_pending VALUES ('user', old.rowid, old.id, old.search_text);
END;

-- The address book's people, the same way: contacts.search_text (the name,
-- emails, phone numbers and employer) and its index.
ALTER TABLE contacts ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE contact_search USING fts5(id UNINDEXED, search_text, content='contacts',
    content_rowid='rowid', tokenize='trigram');
INSERT INTO contact_search (contact_search) VALUES ('rebuild');
INSERT INTO contact_search (contact_search, rank) VALUES ('automerge', 16);
CREATE TRIGGER contact_search_insert AFTER INSERT ON contacts WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT INTO contact_search (rowid, id, search_text) VALUES (new.rowid, new.id, new.search_text);
END;
CREATE TRIGGER contact_search_insert_later AFTER INSERT ON contacts WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT OR IGNORE INTO search_pending VALUES ('contact', new.rowid, NULL, NULL);
END;
CREATE TRIGGER contact_search_delete AFTER DELETE ON contacts WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT INTO contact_search (contact_search, rowid, id, search_text)
    VALUES ('delete', old.rowid, old.id, old.search_text);
END;
CREATE TRIGGER contact_search_delete_later AFTER DELETE ON contacts WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT OR IGNORE INTO search_pending VALUES ('contact', old.rowid, old.id, old.search_text);
END;
CREATE TRIGGER contact_search_update AFTER UPDATE OF search_text ON contacts WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT INTO contact_search (contact_search, rowid, id, search_text)
    VALUES ('delete', old.rowid, old.id, old.search_text);
    INSERT INTO contact_search (rowid, id, search_text) VALUES (new.rowid, new.id, new.search_text);
END;
CREATE TRIGGER contact_search_update_later AFTER UPDATE OF search_text ON contacts WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT OR IGNORE INTO search_pending VALUES ('contact', old.rowid, old.id, old.search_text);
END;

-- The address book's companies: companies.search_text (the name, email and
-- its domain, web site) and its index.
ALTER TABLE companies ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE company_search USING fts5(id UNINDEXED, search_text, content='companies',
    content_rowid='rowid', tokenize='trigram');
INSERT INTO company_search (company_search) VALUES ('rebuild');
INSERT INTO company_search (company_search, rank) VALUES ('automerge', 16);
CREATE TRIGGER company_search_insert AFTER INSERT ON companies WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT INTO company_search (rowid, id, search_text) VALUES (new.rowid, new.id, new.search_text);
END;
CREATE TRIGGER company_search_insert_later AFTER INSERT ON companies WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT OR IGNORE INTO search_pending VALUES ('company', new.rowid, NULL, NULL);
END;
CREATE TRIGGER company_search_delete AFTER DELETE ON companies WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT INTO company_search (company_search, rowid, id, search_text)
    VALUES ('delete', old.rowid, old.id, old.search_text);
END;
CREATE TRIGGER company_search_delete_later AFTER DELETE ON companies WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT OR IGNORE INTO search_pending VALUES ('company', old.rowid, old.id, old.search_text);
END;
CREATE TRIGGER company_search_update AFTER UPDATE OF search_text ON companies WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT INTO company_search (company_search, rowid, id, search_text)
    VALUES ('delete', old.rowid, old.id, old.search_text);
    INSERT INTO company_search (rowid, id, search_text) VALUES (new.rowid, new.id, new.search_text);
END;
CREATE TRIGGER company_search_update_later AFTER UPDATE OF search_text ON companies WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT OR IGNORE INTO search_pending VALUES ('company', old.rowid, old.id, old.search_text);
END;

-- Organizations, for the switcher: orgs.search_text (the name) and its
-- index; a search is scoped by the tree path, so no token.
ALTER TABLE orgs ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE org_search USING fts5(id UNINDEXED, search_text, content='orgs',
    content_rowid='rowid', tokenize='trigram');
INSERT INTO org_search (org_search) VALUES ('rebuild');
CREATE TRIGGER org_search_insert AFTER INSERT ON orgs WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT INTO org_search (rowid, id, search_text) VALUES (new.rowid, new.id, new.search_text);
END;
CREATE TRIGGER org_search_insert_later AFTER INSERT ON orgs WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT OR IGNORE INTO search_pending VALUES ('org', new.rowid, NULL, NULL);
END;
CREATE TRIGGER org_search_delete AFTER DELETE ON orgs WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT INTO org_search (org_search, rowid, id, search_text)
    VALUES ('delete', old.rowid, old.id, old.search_text);
END;
CREATE TRIGGER org_search_delete_later AFTER DELETE ON orgs WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT OR IGNORE INTO search_pending VALUES ('org', old.rowid, old.id, old.search_text);
END;
CREATE TRIGGER org_search_update AFTER UPDATE OF search_text ON orgs WHEN NOT EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT INTO org_search (org_search, rowid, id, search_text)
    VALUES ('delete', old.rowid, old.id, old.search_text);
    INSERT INTO org_search (rowid, id, search_text) VALUES (new.rowid, new.id, new.search_text);
END;
CREATE TRIGGER org_search_update_later AFTER UPDATE OF search_text ON orgs WHEN EXISTS (SELECT 1 FROM search_defer) BEGIN
    INSERT OR IGNORE INTO search_pending VALUES ('org', old.rowid, old.id, old.search_text);
END;

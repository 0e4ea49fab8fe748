-- 029_user_sort_name.sql: the user's sort name (its contact's) kept in the
-- users row, so that ranking a search's matches reads one row a match, not
-- the user's and its contact's (issue 17: a common last name matches 5,000
-- people of an organization of 200,000, and the join was half the time).
-- The store writes it with the search document (store/search.c), which
-- changes whenever the name does. The same SQL on both backends.
ALTER TABLE users ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
UPDATE users SET sort_name = COALESCE((SELECT c.sort_name FROM contacts c
    WHERE c.id = users.contact_id), '');

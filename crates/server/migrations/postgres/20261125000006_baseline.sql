-- Texts may say how to start cheaply and what counts as evidence (our baseline writes both for
-- every item). Built-in catalogs (our baseline and the id-only reference lists it maps to) are
-- marked so that they are installed and updated by Kakehashi itself, never by an upload.

ALTER TABLE catalog_texts ADD COLUMN first_step TEXT;
ALTER TABLE catalog_texts ADD COLUMN evidence TEXT;
ALTER TABLE catalogs ADD COLUMN built_in TEXT;
CREATE UNIQUE INDEX catalogs_built_in ON catalogs (built_in);

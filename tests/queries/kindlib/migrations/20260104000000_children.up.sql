-- Child rows: composite types name the fields of rows nested in a result
-- (docs/queries.md, "Child rows"); toys belong to pets, pets to persons.
CREATE TABLE toy (
  id     bigserial PRIMARY KEY,
  pet_id bigint NOT NULL REFERENCES pet (id),
  label  text NOT NULL,
  price  numeric
);
CREATE INDEX toy_pet_id_idx ON toy (pet_id);

CREATE TYPE kind_toy_row AS (id int8, label text, price numeric, mood kind_mood);
CREATE TYPE kind_pet_row AS (id int8, name text, legs int2, toys kind_toy_row[]);

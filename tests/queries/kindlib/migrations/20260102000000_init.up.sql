-- Tables of the tests/queries/kindlib library: one query of each kind that
-- typed queries round 2 handles (nullability rules, array parameters, child rows).
CREATE TYPE kind_mood AS ENUM ('calm', 'busy', 'away');

CREATE TABLE person (
  id      bigserial PRIMARY KEY,
  name    text NOT NULL,
  nick    text,
  score   int4 NOT NULL DEFAULT 0,
  created timestamp NOT NULL DEFAULT now(),
  meta    jsonb
);

CREATE TABLE pet (
  id       bigserial PRIMARY KEY,
  owner_id bigint NOT NULL REFERENCES person (id),
  name     text NOT NULL,
  legs     int2
);
CREATE INDEX pet_owner_id_idx ON pet (owner_id);

-- A strict function that still returns NULL for some non-NULL input: the
-- reason strictness alone proves nothing about user functions.
CREATE FUNCTION kind_null_if_big (v int4) RETURNS int4
  LANGUAGE sql STRICT IMMUTABLE AS 'SELECT CASE WHEN v > 10 THEN NULL ELSE v END';

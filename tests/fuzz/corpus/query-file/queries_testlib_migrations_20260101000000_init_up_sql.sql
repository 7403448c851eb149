-- Tables of the tests/queries library: every type mdb codegen maps.
CREATE TYPE item_status AS ENUM ('draft', 'published', 'archived');

CREATE TABLE "Owner" (
  id            uuid PRIMARY KEY,
  "displayName" text NOT NULL,
  "createdAt"   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE item (
  id         bigserial PRIMARY KEY,
  owner_id   uuid REFERENCES "Owner" (id),
  title      text NOT NULL UNIQUE,
  note       varchar(200),
  flag       boolean NOT NULL DEFAULT false,
  small      int2,
  count      int4 NOT NULL DEFAULT 0,
  big        int8,
  ratio      float4,
  score      float8,
  price      numeric,
  created_at timestamptz NOT NULL DEFAULT now(),
  local_at   timestamp,
  day        date,
  meta       jsonb,
  raw        json,
  blob       bytea,
  status     item_status NOT NULL DEFAULT 'draft',
  tags       text[],
  nums       int4[],
  bigs       int8[],
  scores     float8[],
  flags      bool[],
  ids        uuid[],
  statuses   item_status[]
);
CREATE INDEX item_owner_id_idx ON item (owner_id);
CREATE INDEX item_status_idx ON item (status);

CREATE TABLE item_log (
  item_id bigint NOT NULL REFERENCES item (id),
  message text NOT NULL,
  at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX item_log_item_id_idx ON item_log (item_id);

-- Readings written in bulk through UNNEST of one typed array per column.
CREATE TABLE reading (
  id    bigserial PRIMARY KEY,
  at    timestamp NOT NULL,
  day   date NOT NULL,
  small int2 NOT NULL,
  ratio float4 NOT NULL,
  mood  kind_mood NOT NULL,
  moods kind_mood[]
);
CREATE INDEX reading_mood_idx ON reading (mood);

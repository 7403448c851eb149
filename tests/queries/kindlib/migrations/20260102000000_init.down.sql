DROP FUNCTION kind_null_if_big (int4);
DROP TABLE pet;
DROP TABLE person;
DROP TYPE kind_mood;

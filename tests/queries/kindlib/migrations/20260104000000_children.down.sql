DROP TYPE kind_pet_row;
DROP TYPE kind_toy_row;
DROP TABLE toy;

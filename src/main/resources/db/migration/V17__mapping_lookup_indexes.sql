-- Matching looks up a page of people's addresses (address_key IN (...)) and a page of users (object_id IN (...)) of
-- one connection. H2 does not use the second column of (connection_id, address_key) for an IN list, so each lookup
-- read every address of the connection: a sync of 100,000 people grew with the square of their number
-- (MappingBenchmark). Indexes led by the looked-up column serve both databases.
CREATE INDEX ix_directory_address_key ON directory_user_address (address_key, connection_id);
CREATE INDEX ix_directory_address_object ON directory_user_address (object_id, connection_id);
CREATE INDEX ix_directory_user_object ON directory_user (object_id, connection_id);

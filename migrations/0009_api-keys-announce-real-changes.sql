-- An API key's lastUsedAt stamp (at most once a minute per key) says nothing about who the key's caller is; announcing
-- it made every stamp forget the cached actor of every key. Only what decides the actor is announced now.
DROP TRIGGER announce_change ON api_keys;
--> statement-breakpoint
CREATE TRIGGER announce_change AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF key_hash, user_id, revoked_at ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION orelane_announce_change();

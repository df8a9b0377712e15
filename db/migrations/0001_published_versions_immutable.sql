-- A published or retired scorecard version never changes its content; only its status may move
-- from published to retired. Enforced here as well as in the app so that no code path can bypass it.
CREATE OR REPLACE FUNCTION scorecard_versions_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'scorecard version % is % and cannot be deleted', OLD.id, OLD.status;
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (
       NEW.definition IS DISTINCT FROM OLD.definition
    OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
    OR NEW.number IS DISTINCT FROM OLD.number
    OR NEW.scorecard_id IS DISTINCT FROM OLD.scorecard_id
    OR NEW.published_at IS DISTINCT FROM OLD.published_at
    OR (NEW.status = 'draft')
  ) THEN
    RAISE EXCEPTION 'scorecard version % is % and immutable', OLD.id, OLD.status;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER scorecard_versions_immutable
  BEFORE UPDATE OR DELETE ON scorecard_versions
  FOR EACH ROW EXECUTE FUNCTION scorecard_versions_guard();

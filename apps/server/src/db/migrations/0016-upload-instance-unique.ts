// Frozen: this migration has shipped. Never edit it; add the next file instead. It imports only
// kysely and types, so later changes to live code cannot change what it does.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // A DICOM upload keeps its de-identified SOP Instance UID in images.instance_uid (images on a
  // registered source keep the source's there), so that two uploads of one instance racing each
  // other meet in one unique index instead of a check-then-insert. Uploads made before this
  // migration recorded it in their metadata: the first image of each instance takes it.
  await sql`
    update images set instance_uid = (
      select min(m.value) from image_metadata m
      where m.image_id = images.id and m.key = 'sopinstanceuid'
    )
    where images.id in (
      select min(m.image_id) from image_metadata m
      join images i on i.id = m.image_id
      where m.key = 'sopinstanceuid' and i.source_id is null and i.url like '/api/files/%'
      group by m.value
    )`.execute(db);
  await sql`create unique index images_upload_instance on images (instance_uid)
    where source_id is null and instance_uid is not null`.execute(db);
}

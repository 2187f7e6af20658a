import { openDatabase, type Database, type DatabaseOptions } from '../platform/db/client.js';
import { installReferenceData } from './reference-data.js';

/** Opens (and migrates) the database, then installs the reference data every instance relies on. */
export async function openAppDatabase(options: DatabaseOptions): Promise<Database> {
  const database = await openDatabase(options);
  await installReferenceData(database.db);
  return database;
}

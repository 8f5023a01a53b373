/** Builds the service layer that implements the API contract; every adapter calls this. */
import type { Api } from '../../shared/api.js';
import { readPackageVersion } from '../paths.js';
import { openDatabase, SCHEMA_VERSION, type Db } from './db.js';
import { DocumentService } from './documents.js';

export interface Services {
  api: Api;
  db: Db;
  documents: DocumentService;
  close(): void;
}

export function createServices(dataDir: string): Services {
  const db = openDatabase(dataDir);
  const documents = new DocumentService(db);
  const api: Api = {
    getAppInfo: async () => ({
      name: '审查助手',
      version: readPackageVersion(),
      dataDir,
      schemaVersion: SCHEMA_VERSION,
    }),
    listDocuments: async () => documents.list(),
    getDocument: async ({ id }) => documents.get(id),
    importDocument: async ({ name, bytes }) => documents.import(name, bytes),
  };
  return { api, db, documents, close: () => db.close() };
}

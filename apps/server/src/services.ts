import path from 'node:path';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { AuthRepository } from './auth/auth.repository.js';
import { AuthService } from './auth/auth.service.js';
import { PasswordThrottle } from './auth/password-throttle.js';
import { PasswordThrottleRepository } from './auth/password-throttle.repository.js';
import { UsersRepository } from './users/users.repository.js';
import { UsersService } from './users/users.service.js';
import { TemplatesRepository } from './templates/templates.repository.js';
import { TemplatesService } from './templates/templates.service.js';
import { ImagesRepository } from './images/images.repository.js';
import { ImagesService } from './images/images.service.js';
import { ImageFiles } from './images/image-files.js';
import { fileImageSource, ImageSources } from './images/image-source.js';
import { CollectionsRepository } from './collections/collections.repository.js';
import { CollectionsService } from './collections/collections.service.js';
import { CollectionAccess } from './access/collection-access.js';
import { AssignmentsRepository } from './assignments/assignments.repository.js';
import { AssignmentsService } from './assignments/assignments.service.js';
import { AnnotationsRepository } from './annotations/annotations.repository.js';
import { AnnotationsService } from './annotations/annotations.service.js';
import { SearchRepository } from './search/search.repository.js';
import { SearchService } from './search/search.service.js';
import { ReportsRepository } from './reports/reports.repository.js';
import { ReportsService } from './reports/reports.service.js';
import { ExportsRepository } from './exports/exports.repository.js';
import { ExportsService } from './exports/exports.service.js';
import { JobsRepository } from './jobs/jobs.repository.js';
import { JobRunner } from './jobs/job-runner.js';
import { LoopsRepository } from './loops/loops.repository.js';
import { LoopsService } from './loops/loops.service.js';
import { LoopJobs } from './loops/loop-jobs.js';
import { FeatureReader } from './loops/features.js';
import { DirectoryArtifactStore } from './storage/artifact-store.js';
import { DirectoryFileStore } from './storage/file-store.js';
import { resolveDeidSecret } from './storage/deid-secret.js';
import { SettingsRepository } from './db/settings.repository.js';
import { AgreementRepository } from './agreement/agreement.repository.js';
import { AgreementService } from './agreement/agreement.service.js';
import { AgreementThreads } from './agreement/compute/agreement-thread.js';
import { DiskCache } from './storage/disk-cache.js';
import { SourcesRepository } from './sources/sources.repository.js';
import { SourcesService } from './sources/sources.service.js';
import { DicomWebImages } from './sources/dicomweb-images.js';
import { resolveCredentialsKey } from './storage/credentials-key.js';
import { SecretBox } from './storage/secret-box.js';

/** The composition root: every repository gets the database, every service its repositories. */
export function createServices(database: Database, config: Config) {
  const { db } = database;
  const authRepository = new AuthRepository(db);
  const usersRepository = new UsersRepository(db);
  const passwordThrottle = new PasswordThrottle(new PasswordThrottleRepository(db));
  const templatesRepository = new TemplatesRepository(db);
  const imagesRepository = new ImagesRepository(db);
  const collectionsRepository = new CollectionsRepository(db, database.dialect);
  const assignmentsRepository = new AssignmentsRepository(db);
  const annotationsRepository = new AnnotationsRepository(db);
  const access = new CollectionAccess(collectionsRepository, assignmentsRepository);
  // Uploaded files in the data dir, which several server processes share (one volume); an
  // object store would implement FileStore instead. The de-identification secret lives in the
  // database, so every process gives an original UID the same pseudonym.
  const settings = new SettingsRepository(db);
  const files = new ImageFiles(
    new DirectoryFileStore(path.join(config.dataDir, 'files')),
    () =>
      resolveDeidSecret({
        configured: config.deidSecret,
        settings,
        legacyFile: path.join(config.dataDir, 'deid-secret'),
      }),
    { dicom: { retainPatientCharacteristics: config.deidRetainPatientCharacteristics } },
  );
  // Images that stay on a registered DICOMweb source: retrieved on demand, cached on disk.
  const sourcesRepository = new SourcesRepository(
    db,
    new SecretBox(
      resolveCredentialsKey({
        configured: config.credentialsKey,
        keyFile: path.join(config.dataDir, 'credentials.key'),
      }),
    ),
  );
  const dicomweb = new DicomWebImages(
    sourcesRepository,
    new DiskCache(path.join(config.dataDir, 'source-cache'), config.sourceCacheBytes),
    files,
  );
  const imageSources = new ImageSources(fileImageSource(files), dicomweb);
  const templates = new TemplatesService(templatesRepository);
  const search = new SearchService(new SearchRepository(db));
  const jobsRepository = new JobsRepository(db, database.dialect);
  const loopsRepository = new LoopsRepository(db);
  const loopJobs = new LoopJobs(
    loopsRepository,
    annotationsRepository,
    collectionsRepository,
    assignmentsRepository,
    usersRepository,
    templates,
    search,
    new FeatureReader(imageSources, (ids, keys) => loopsRepository.metadataNumbers(ids, keys)),
    new DirectoryArtifactStore(path.join(config.dataDir, 'artifacts')),
    config.cnnThreads,
  );
  const jobRunner = new JobRunner(jobsRepository, loopJobs.handlers, {
    leaseMs: config.jobLeaseMs,
    log: (message, error) => console.error(message, error),
  });
  const loops = new LoopsService(loopsRepository, jobsRepository, templates, access, jobRunner);
  const agreement = new AgreementService(
    new AgreementRepository(db),
    collectionsRepository,
    access,
    assignmentsRepository,
    imagesRepository,
    templates,
    new AgreementThreads(),
    {
      refreshDelayMs: config.agreementRefreshMs,
      log: (message, error) => console.error(message, error),
    },
  );
  const images = new ImagesService(imagesRepository, files, imageSources, config.imageHosts);
  const exports = new ExportsService(new ExportsRepository(db), templates, access, files, (url) =>
    images.dicomAt(url),
  );
  return {
    auth: new AuthService(authRepository, usersRepository, passwordThrottle),
    users: new UsersService(
      usersRepository,
      authRepository,
      passwordThrottle,
      assignmentsRepository,
    ),
    templates,
    search,
    images,
    sources: new SourcesService(sourcesRepository, imagesRepository, dicomweb, (actor, id) =>
      exports.dicomSr(actor, id),
    ),
    collections: new CollectionsService(
      collectionsRepository,
      templatesRepository,
      imagesRepository,
      access,
      search,
    ),
    reports: new ReportsService(new ReportsRepository(db), access),
    exports,
    assignments: new AssignmentsService(assignmentsRepository, usersRepository, templates, access),
    annotations: new AnnotationsService(
      annotationsRepository,
      collectionsRepository,
      imagesRepository,
      templates,
      access,
      (collectionId) => {
        agreement.onReadingSubmitted(collectionId);
        return loops.onReviewSubmitted(collectionId);
      },
    ),
    loops,
    agreement,
    jobRunner,
    dialect: database.dialect,
  };
}

export type Services = ReturnType<typeof createServices>;

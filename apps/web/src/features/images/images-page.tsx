import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, unwrap } from '../../api.js';
import { imagesQuery, keys } from '../../queries.js';
import { ErrorText, LoadStatus } from '../../components/status.js';
import { thumbnailUrl } from '../workspace/image-info.js';
import { BurnedInBadge } from './burned-in-badge.js';

const PAGE = 60;

/** Import images by URL list (CSV or JSON) or by upload, and browse what is there. */
export function ImagesPage() {
  const [after, setAfter] = useState<number[]>([0]);
  const images = useQuery(imagesQuery(after[after.length - 1]!, PAGE));
  const queries = useQueryClient();
  const reload = () => void queries.invalidateQueries({ queryKey: keys.images });
  return (
    <div className="page wide">
      <h1>Images</h1>
      <div className="two-columns">
        <UrlImport onDone={reload} />
        <Upload onDone={reload} />
      </div>
      <h2>Imported images</h2>
      <LoadStatus query={images} />
      <table aria-label="Images">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Preview</th>
            <th scope="col">Size</th>
            <th scope="col">Modality</th>
            <th scope="col">Body part</th>
            <th scope="col">URL</th>
          </tr>
        </thead>
        <tbody>
          {images.data?.map((image) => (
            <tr key={image.id}>
              <td>{image.id}</td>
              <td>
                <img
                  src={thumbnailUrl(image, 128)}
                  alt=""
                  width={40}
                  height={40}
                  loading="lazy"
                  style={{ objectFit: 'cover' }}
                />
                <BurnedInBadge image={image} compact />
              </td>
              <td>
                {image.width}×{image.height}
                {image.frames > 1 && ` × ${image.frames} frames`}
              </td>
              <td>{image.modality ?? '—'}</td>
              <td>{image.bodyPart ?? '—'}</td>
              <td className="muted">{image.url}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button
          type="button"
          disabled={after.length === 1}
          onClick={() => setAfter(after.slice(0, -1))}
        >
          Previous
        </button>
        <button
          type="button"
          disabled={(images.data?.length ?? 0) < PAGE}
          onClick={() => setAfter([...after, images.data![images.data!.length - 1]!.id])}
        >
          Next
        </button>
      </div>
    </div>
  );
}

function UrlImport({ onDone }: { onDone: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const trimmed = text.trim();
      const { ids } =
        trimmed.startsWith('[') || trimmed.startsWith('{')
          ? unwrap(await api.POST('/api/images', { body: { images: parseJsonImages(trimmed) } }))
          : unwrap(
              await api.POST('/api/images/import-csv', {
                body: trimmed as never,
                bodySerializer: (b: unknown) => b as string,
                headers: { 'content-type': 'text/csv' },
              }),
            );
      setResult(`Imported ${ids.length} image(s).`);
      setText('');
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)}>
      <h2>Import by URL list</h2>
      <label>
        CSV (header <code>url,width,height,modality,…</code>) or JSON (an array of images)
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={6}
          required
          placeholder="url,width,height,modality&#10;https://images.example.org/1.png,512,512,US"
        />
      </label>
      <ErrorText error={error} />
      {result && <p role="status">{result}</p>}
      <button type="submit" className="primary">
        Import
      </button>
    </form>
  );
}

function parseJsonImages(text: string) {
  const parsed = JSON.parse(text) as unknown;
  const list = Array.isArray(parsed) ? parsed : (parsed as { images?: unknown }).images;
  if (!Array.isArray(list))
    throw new Error('The JSON must be an array of images or { "images": [...] }.');
  return list as { url: string; width: number; height: number }[];
}

/** What became of one uploaded file. */
interface UploadOutcome {
  readonly file: string;
  readonly outcome: 'stored' | 'duplicate' | 'refused';
  /** The stored image (or the one a duplicate repeats). */
  readonly imageId?: number;
  readonly message?: string;
}

const OUTCOME_TEXT = { stored: 'Stored', duplicate: 'Duplicate', refused: 'Refused' } as const;

/** A folder input: every file under the chosen folder (not in React's input typings). */
const FOLDER = { webkitdirectory: '', directory: '' } as Record<string, string>;

/**
 * Uploads picked files or whole folders one by one (PNG, JPEG, DICOM with or without the .dcm
 * extension) and lists what became of each: stored, a duplicate of an image already there (the
 * same DICOM instance), or refused with the server's reason. Modality and body part fill in
 * what a file does not say itself (many DICOM files carry no Body Part Examined).
 */
function Upload({ onDone }: { onDone: () => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [modality, setModality] = useState('');
  const [bodyPart, setBodyPart] = useState('');
  const [outcomes, setOutcomes] = useState<UploadOutcome[]>([]);
  const [progress, setProgress] = useState('');
  const pick = (list: FileList | null) => {
    setFiles([...(list ?? [])]);
    setOutcomes([]);
    setProgress('');
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done: UploadOutcome[] = [];
    for (const [i, file] of files.entries()) {
      setProgress(`Uploading ${i + 1} of ${files.length}…`);
      const form = new FormData();
      if (modality) form.append('modality', modality);
      if (bodyPart) form.append('bodyPart', bodyPart);
      form.append('file', file);
      const name = file.webkitRelativePath || file.name;
      try {
        const result = unwrap(
          await api.POST('/api/images/upload', {
            body: form as never,
            bodySerializer: (b: unknown) => b as FormData,
          }),
        );
        done.push({ file: name, outcome: result.outcome, imageId: result.id });
      } catch (error) {
        done.push({ file: name, outcome: 'refused', message: errorMessage(error) });
      }
      setOutcomes([...done]);
    }
    const count = (outcome: UploadOutcome['outcome']) =>
      done.filter((d) => d.outcome === outcome).length;
    setProgress(
      `${done.length} file(s): ${count('stored')} stored, ${count('duplicate')} duplicate(s), ${count('refused')} refused.`,
    );
    onDone();
  };
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)}>
      <h2>Upload</h2>
      <label>
        PNG, JPEG or DICOM files
        <input
          type="file"
          accept=".dcm,.dicom,application/dicom,image/png,image/jpeg"
          multiple
          onChange={(e) => pick(e.target.files)}
        />
      </label>
      <label>
        Or a folder (every file in it, DICOM series included)
        <input type="file" {...FOLDER} multiple onChange={(e) => pick(e.target.files)} />
      </label>
      <div className="row">
        <label>
          Modality (optional)
          <input
            type="text"
            value={modality}
            onChange={(e) => setModality(e.target.value)}
            size={6}
          />
        </label>
        <label>
          Body part (optional)
          <input
            type="text"
            value={bodyPart}
            onChange={(e) => setBodyPart(e.target.value.toUpperCase())}
            size={10}
            placeholder="e.g. CHEST"
          />
        </label>
      </div>
      <p className="muted">Files that name their modality and body part keep their own.</p>
      {progress && <p role="status">{progress}</p>}
      {outcomes.length > 0 && (
        <table aria-label="Upload results">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {outcomes.map((o, i) => (
              <tr key={i} data-outcome={o.outcome}>
                <td>{o.file}</td>
                <td>
                  {OUTCOME_TEXT[o.outcome]}
                  {o.imageId !== undefined && ` (image ${o.imageId})`}
                  {o.message && `: ${o.message}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="submit" className="primary" disabled={files.length === 0}>
        Upload {files.length > 0 ? `${files.length} file(s)` : ''}
      </button>
    </form>
  );
}

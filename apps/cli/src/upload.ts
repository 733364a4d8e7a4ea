import { unwrap, type MedlabelClient } from '@medlabel/api-client';

/** What the server made of an uploaded file: a new image, or one it already had (200). */
export interface Uploaded {
  id: number;
  duplicate: boolean;
}

/** Uploads one file (PNG, JPEG or DICOM) as multipart/form-data through the typed client. */
export async function uploadFile(
  client: MedlabelClient,
  bytes: Uint8Array<ArrayBuffer>,
  fileName: string,
  type: string,
): Promise<Uploaded> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), fileName);
  const uploaded = await client.POST('/api/images/upload', {
    body: form as never,
    bodySerializer: (body: unknown) => body as FormData,
  });
  return { id: unwrap(uploaded).id, duplicate: uploaded.response.status === 200 };
}

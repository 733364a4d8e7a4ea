import type { Schemas } from '@medlabel/api-client';

type Payload = Schemas['AnnotationPayload'];
type Image = Schemas['Image'];

const COLORS = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bf8700'];

/** A reading's colour, the same in every view of one image. */
export const readerColor = (index: number) => COLORS[index % COLORS.length]!;

/** An image with one reading's shapes drawn over it (frame 0), in image pixels. */
export function ReadingView({
  image,
  payload,
  color,
  label,
}: {
  image: Image;
  payload: Payload;
  color: string;
  label: string;
}) {
  const stroke = Math.max(1, image.width / 200);
  return (
    <svg
      className="reading-view"
      viewBox={`0 0 ${image.width} ${image.height}`}
      role="img"
      aria-label={label}
    >
      <image href={image.url} width={image.width} height={image.height} />
      {payload.shapes
        .filter((s) => (s.frame ?? 0) === 0)
        .map((s) => {
          const points = s.points.map((p) => `${p.x},${p.y}`).join(' ');
          switch (s.kind) {
            case 'polygon':
              return (
                <polygon
                  key={s.id}
                  points={points}
                  fill={color}
                  fillOpacity={0.2}
                  stroke={color}
                  strokeWidth={stroke}
                />
              );
            case 'polyline':
            case 'ruler':
              return (
                <polyline
                  key={s.id}
                  points={points}
                  fill="none"
                  stroke={color}
                  strokeWidth={stroke}
                />
              );
            case 'keypoint':
              return (
                <circle
                  key={s.id}
                  cx={s.points[0]!.x}
                  cy={s.points[0]!.y}
                  r={stroke * 2.5}
                  fill={color}
                >
                  <title>{s.name}</title>
                </circle>
              );
          }
        })}
    </svg>
  );
}

/** Labels and form values of a reading, in words. */
export function ReadingFacts({ payload }: { payload: Payload }) {
  const values = Object.entries(payload.values).filter(([, v]) => v !== null);
  return (
    <dl className="reading-facts">
      <dt>Labels</dt>
      <dd>{payload.labels.length ? payload.labels.join(', ') : '–'}</dd>
      {values.map(([field, value]) => (
        <div key={field}>
          <dt>{field}</dt>
          <dd>{Array.isArray(value) ? value.join(', ') : String(value)}</dd>
        </div>
      ))}
      <dt>Shapes</dt>
      <dd>{payload.shapes.length}</dd>
    </dl>
  );
}

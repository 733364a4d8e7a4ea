import type { ReactNode } from 'react';
import { XYChart } from '../../components/xy-chart.js';
import type { ElementResult } from './agreement-api.js';
import { fixed, percent, withInterval } from './format.js';

type Summary = { n: number; mean: number | null; ci95: readonly number[] | null };

/** Reader names by index, "1. name" as the methods paragraph numbers them. */
export type ReaderNames = (index: number | undefined) => string;

const meanWithInterval = (s: Summary, digits = 2) =>
  withInterval({ value: s.mean, ci95: s.ci95 }, digits);

function LabelsTables({
  e,
  name,
}: {
  e: Extract<ElementResult, { kind: 'labels' }>;
  name: ReaderNames;
}) {
  const first = e.pairs[0];
  return (
    <>
      <table aria-label={`${e.title}: all readers`}>
        <thead>
          <tr>
            <th scope="col">Images (2+ readings)</th>
            <th scope="col">Percent agreement</th>
            <th scope="col">Fleiss' kappa (95% CI)</th>
            <th scope="col">Krippendorff's alpha (95% CI)</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{e.images}</td>
            <td data-testid={`${e.key}-percent`}>{percent(e.percentAgreement)}</td>
            <td data-testid={`${e.key}-fleiss`}>{withInterval(e.fleissKappa)}</td>
            <td>{withInterval(e.krippendorffAlpha)}</td>
          </tr>
        </tbody>
      </table>
      <table aria-label={`${e.title}: pairs of readers`}>
        <thead>
          <tr>
            <th scope="col">Readers</th>
            <th scope="col">n</th>
            <th scope="col">Percent agreement</th>
            <th scope="col">Cohen's kappa (95% CI)</th>
            {e.pairs.some((p) => p.weightedKappa) && <th scope="col">Linear weighted kappa</th>}
          </tr>
        </thead>
        <tbody>
          {e.pairs.map((p) => (
            <tr key={p.readers.join()}>
              <td>
                {name(p.readers[0])} · {name(p.readers[1])}
              </td>
              <td>{p.n}</td>
              <td>{percent(p.percentAgreement)}</td>
              <td data-testid={`${e.key}-kappa-${p.readers.join('-')}`}>{withInterval(p.kappa)}</td>
              {p.weightedKappa && <td>{withInterval(p.weightedKappa)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <table aria-label={`${e.title}: each reader against the consensus of the others`}>
        <thead>
          <tr>
            <th scope="col">Reader vs consensus of the others</th>
            <th scope="col">n</th>
            <th scope="col">Percent agreement</th>
            <th scope="col">Cohen's kappa (95% CI)</th>
          </tr>
        </thead>
        <tbody>
          {e.vsConsensus.map((r) => (
            <tr key={r.reader}>
              <td>{name(r.reader)}</td>
              <td>{r.n}</td>
              <td>{percent(r.percentAgreement)}</td>
              <td>{withInterval(r.kappa)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {first && (
        <table aria-label={`${e.title}: confusion matrix`} className="confusion">
          <caption>
            Confusion matrix: {name(first.readers[0])} (rows) vs {name(first.readers[1])} (columns)
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{name(first.readers[0])} (rows)</span>
              </th>
              {e.categories.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {first.confusion.map((row, i) => (
              <tr key={e.categories[i]}>
                <th scope="row">{e.categories[i]}</th>
                {row.map((count, j) => (
                  <td key={j} className={i === j ? 'diagonal' : count > 0 ? 'off-diagonal' : ''}>
                    {count}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

type ContourElement = Extract<ElementResult, { kind: 'contours' }>;
type ContourStatistics = Pick<
  ContourElement['pairs'][number],
  'dice' | 'iou' | 'hausdorff' | 'meanSurfaceDistance'
>;

/** One comparison per row (a pair of readers, or a reader against the consensus contour). */
function ContourComparisons({
  e,
  label,
  compared,
  caption,
  rows,
}: {
  e: ContourElement;
  label: string;
  /** the first column's header: what each row compares */
  compared: string;
  caption?: ReactNode;
  rows: readonly (ContourStatistics & { key: string; name: string; testId: string })[];
}) {
  return (
    <table aria-label={`${e.title}: ${label}`}>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{compared}</th>
          <th scope="col">Images</th>
          <th scope="col">Dice, mean (95% CI)</th>
          <th scope="col">IoU, mean</th>
          <th scope="col">Hausdorff, mean ({e.unit})</th>
          <th scope="col">Mean surface distance ({e.unit})</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.name}</td>
            <td>{r.dice.n}</td>
            <td data-testid={r.testId}>{meanWithInterval(r.dice)}</td>
            <td>{fixed(r.iou.mean)}</td>
            <td>{fixed(r.hausdorff.mean, 1)}</td>
            <td>{fixed(r.meanSurfaceDistance.mean, 1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ContoursTables({ e, name }: { e: ContourElement; name: ReaderNames }) {
  return (
    <>
      <ContourComparisons
        e={e}
        label="pairs of readers"
        compared="Readers"
        rows={e.pairs.map((p) => ({
          ...p,
          key: p.readers.join(),
          name: `${name(p.readers[0])} · ${name(p.readers[1])}`,
          testId: `${e.key}-dice-${p.readers.join('-')}`,
        }))}
      />
      <ContourComparisons
        e={e}
        label="each reader against the consensus contour"
        compared="Reader vs consensus contour"
        caption={
          <>
            Consensus contour: the region more than half of an image's readers outlined (majority
            vote; {e.consensus.exact} of {e.consensus.images} images traced from the outlines, any
            others on a grid of at most {e.consensus.gridCellsPerSide} cells a side).
          </>
        }
        rows={e.vsConsensus.map((r) => ({
          ...r,
          key: String(r.reader),
          name: name(r.reader),
          testId: `${e.key}-dice-vs-consensus-${r.reader}`,
        }))}
      />
    </>
  );
}

function KeypointsTable({
  e,
  name,
}: {
  e: Extract<ElementResult, { kind: 'keypoints' }>;
  name: ReaderNames;
}) {
  return (
    <table aria-label={`${e.title}: distances between readers`}>
      <thead>
        <tr>
          <th scope="col">Point</th>
          <th scope="col">Readers</th>
          <th scope="col">Images</th>
          <th scope="col">Distance, mean (95% CI, {e.unit})</th>
        </tr>
      </thead>
      <tbody>
        {e.points.flatMap((point) =>
          point.pairs.map((p) => (
            <tr key={`${point.name}-${p.readers.join()}`}>
              <td>{point.name}</td>
              <td>
                {name(p.readers[0])} · {name(p.readers[1])}
              </td>
              <td>{p.distance.n}</td>
              <td>{meanWithInterval(p.distance, 1)}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

type BlandAltman = NonNullable<
  Extract<ElementResult, { kind: 'measurements' }>['pairs'][number]['blandAltman']
>;

/** The Bland-Altman plot: differences against means, with the bias and limits of agreement. */
export function BlandAltmanPlot({
  ba,
  title,
  unit,
}: {
  ba: BlandAltman;
  title: string;
  unit: string;
}) {
  const means = ba.points.map((p) => p.mean);
  const [x0, x1] = [Math.min(...means), Math.max(...means)];
  const level = (y: number) => [
    { x: x0, y },
    { x: x1, y },
  ];
  const [lower = ba.bias, upper = ba.bias] = ba.limitsOfAgreement;
  const ys = [...ba.points.map((p) => p.difference), lower, upper];
  const spread = Math.max(...ys) - Math.min(...ys) || 1;
  const format = (v: number) => Number(v.toPrecision(3)).toString();
  return (
    <XYChart
      title={title}
      xLabel={`Mean of the two readers${unit}`}
      yLabel={`Difference${unit}`}
      xInteger={false}
      formatX={format}
      formatY={format}
      yDomain={[Math.min(...ys) - spread * 0.15, Math.max(...ys) + spread * 0.15]}
      series={[
        {
          name: 'images',
          color: '#0969da',
          line: false,
          points: ba.points.map((p) => ({ x: p.mean, y: p.difference })),
        },
        {
          name: `bias ${format(ba.bias)}`,
          color: '#1a7f37',
          markers: false,
          points: level(ba.bias),
        },
        {
          name: 'limits of agreement',
          color: '#cf222e',
          dashed: true,
          markers: false,
          points: level(lower),
        },
        {
          name: 'limits of agreement',
          color: '#cf222e',
          dashed: true,
          markers: false,
          legend: false,
          points: level(upper),
        },
      ]}
    />
  );
}

function MeasurementsTables({
  e,
  name,
}: {
  e: Extract<ElementResult, { kind: 'measurements' }>;
  name: ReaderNames;
}) {
  const unit = e.unit ? ` (${e.unit})` : '';
  const plotted = e.pairs.find((p) => p.blandAltman && p.blandAltman.points.length > 1);
  return (
    <>
      <table aria-label={`${e.title}: intraclass correlation`}>
        <thead>
          <tr>
            <th scope="col">Images every reader measured</th>
            <th scope="col">ICC(2,1) absolute agreement (95% CI)</th>
            <th scope="col">ICC(3,1) consistency (95% CI)</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{e.icc?.n ?? 0}</td>
            <td data-testid={`${e.key}-icc21`}>{withInterval(e.icc?.icc21)}</td>
            <td>{withInterval(e.icc?.icc31)}</td>
          </tr>
        </tbody>
      </table>
      <table aria-label={`${e.title}: Bland-Altman`}>
        <thead>
          <tr>
            <th scope="col">Comparison</th>
            <th scope="col">n</th>
            <th scope="col">Bias{unit} (95% CI)</th>
            <th scope="col">Limits of agreement{unit}</th>
          </tr>
        </thead>
        <tbody>
          {[
            ...e.pairs.map((p) => ({
              key: p.readers.join('-'),
              label: `${name(p.readers[0])} − ${name(p.readers[1])}`,
              ba: p.blandAltman,
            })),
            ...e.vsConsensus.map((r) => ({
              key: `c${r.reader}`,
              label: `${name(r.reader)} − median of the others`,
              ba: r.blandAltman,
            })),
          ].map(({ key, label, ba }) => (
            <tr key={key}>
              <td>{label}</td>
              <td>{ba?.n ?? 0}</td>
              <td data-testid={`${e.key}-bias-${key}`}>
                {ba ? withInterval({ value: ba.bias, ci95: ba.biasCi95 }) : '–'}
              </td>
              <td>
                {ba
                  ? `${fixed(ba.limitsOfAgreement[0])} to ${fixed(ba.limitsOfAgreement[1])}`
                  : '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {plotted?.blandAltman && (
        <div className="plot-panel">
          <BlandAltmanPlot
            ba={plotted.blandAltman}
            unit={unit}
            title={`Bland-Altman plot of ${e.title}: ${name(plotted.readers[0])} − ${name(plotted.readers[1])}`}
          />
        </div>
      )}
    </>
  );
}

/** The tables (and plot) of one task element. */
export function ElementTables({ e, name }: { e: ElementResult; name: ReaderNames }) {
  switch (e.kind) {
    case 'labels':
      return <LabelsTables e={e} name={name} />;
    case 'contours':
      return <ContoursTables e={e} name={name} />;
    case 'keypoints':
      return <KeypointsTable e={e} name={name} />;
    case 'measurements':
      return <MeasurementsTables e={e} name={name} />;
  }
}

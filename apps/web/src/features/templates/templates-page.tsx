import { useQuery } from '@tanstack/react-query';
import { LoadStatus } from '../../components/status.js';
import { Link } from '../../router.js';
import { templatesQuery } from '../../queries.js';

/** Templates I may use, with their current version. */
export function TemplatesPage() {
  const templates = useQuery(templatesQuery());
  return (
    <div className="page">
      <h1>Templates</h1>
      <p>
        <Link className="button primary" href="/templates/new">
          New template
        </Link>
      </p>
      <LoadStatus query={templates} />
      <table aria-label="Templates">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Version</th>
            <th scope="col">Tools</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {templates.data?.map((t) => (
            <tr key={t.id}>
              <td>
                <Link href={`/templates/${t.id}`}>{t.name}</Link>
              </td>
              <td>{t.version}</td>
              <td>{t.definition.tools.map((tool) => tool.kind).join(', ') || 'labels only'}</td>
              <td>{new Date(t.updatedAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

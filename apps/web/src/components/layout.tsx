import { useState, type ReactNode } from 'react';
import { Link, useLocation } from '../router.js';
import { canManage, useSession } from '../session.js';
import { SignOutDialog } from './sign-out-dialog.js';

/** The frame of every signed-in page: a navigation bar and the page. */
export function Layout({ children }: { children: ReactNode }) {
  const { user, saves, signOut } = useSession();
  const { pathname } = useLocation();
  /** images with unsent saves, while the sign-out question is open */
  const [unsentAtSignOut, setUnsentAtSignOut] = useState(0);
  const links: [string, string][] = [['/', 'My tasks']];
  if (canManage(user)) {
    links.push(
      ['/collections', 'Collections'],
      ['/loops', 'Loops'],
      ['/images', 'Images'],
      ['/sources', 'Image sources'],
      ['/templates', 'Templates'],
      ['/search', 'Search'],
    );
  }
  if (user.role === 'admin') links.push(['/users', 'Users']);
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">medlabel</span>
        <nav aria-label="Main">
          {links.map(([href, title]) => (
            <Link
              key={href}
              href={href}
              aria-current={isCurrent(href, pathname) ? 'page' : undefined}
            >
              {title}
            </Link>
          ))}
        </nav>
        <span className="who">
          {user.name} <span className="role">({user.role})</span>
        </span>
        <button
          type="button"
          onClick={() => (saves.pending > 0 ? setUnsentAtSignOut(saves.pending) : signOut())}
        >
          Sign out
        </button>
      </header>
      <main>{children}</main>
      {unsentAtSignOut > 0 && (
        <SignOutDialog
          unsent={unsentAtSignOut}
          onSignOut={signOut}
          onStay={() => setUnsentAtSignOut(0)}
        />
      )}
    </div>
  );
}

function isCurrent(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname.startsWith(href);
}

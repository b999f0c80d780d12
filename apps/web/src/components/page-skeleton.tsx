/**
 * The placeholder a dashboard page shows while its data loads (each page's `loading.tsx`). Not one
 * `loading.tsx` for the whole dashboard: a loading boundary starts the response (status 200) before its
 * page runs, so a page that answers `notFound()` (the audit log for a role that may not read it, a
 * missing request log) must not sit under one, or its 404 goes out as a 200.
 */
export function PageSkeleton() {
  return (
    <div className="animate-pulse space-y-6" aria-busy="true" aria-label="Loading">
      <div className="h-7 w-48 rounded bg-subtle" />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="h-24 rounded-lg bg-subtle" />
        ))}
      </div>
      <div className="h-72 rounded-lg bg-subtle" />
    </div>
  );
}

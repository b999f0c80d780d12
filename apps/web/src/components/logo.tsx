export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg viewBox="0 0 24 24" className="size-6" aria-hidden="true">
        <rect width="24" height="24" rx="6" className="fill-brand" />
        <path d="M6 8h7M6 12h12M11 16h7" stroke="white" strokeWidth="2" strokeLinecap="round" />
        <circle cx="15.5" cy="8" r="1.6" fill="white" />
        <circle cx="8.5" cy="16" r="1.6" fill="white" />
      </svg>
      <span>Switchboard</span>
    </span>
  );
}

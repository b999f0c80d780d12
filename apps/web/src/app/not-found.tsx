import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="grid min-h-screen place-items-center p-6 text-center">
      <div>
        <p className="text-sm font-medium text-muted">404</p>
        <h1 className="mt-2 text-2xl font-semibold">Page not found</h1>
        <p className="mt-2 text-sm text-muted">The page you are looking for does not exist or you do not have access to it.</p>
        <Link href="/" className={buttonClass("secondary", "md", "mt-6")}>
          Go home
        </Link>
      </div>
    </main>
  );
}

import Link from "next/link";

export default function ForbiddenPage() {
  return (
    <main className="flex min-h-full items-center justify-center p-8">
      <div className="max-w-md text-center">
        <h1 className="text-xl font-semibold">Your role cannot open this page</h1>
        <p className="mt-2 text-sm text-slate-600">Ask an admin to change your role in Settings → Staff if you need it.</p>
        <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">Back to the console</Link>
      </div>
    </main>
  );
}

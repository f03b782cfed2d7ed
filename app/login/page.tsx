import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { currentStaff } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (await currentStaff()) redirect("/");
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="mx-auto mb-3 flex size-12 items-center justify-center rounded-xl bg-brand-600 text-2xl text-white" aria-hidden>⚑</div>
          <h1 className="text-2xl font-semibold">Sign in to Tagflow</h1>
          <p className="mt-1 text-sm text-slate-600">The console for your Telegram bots.</p>
        </div>
        <LoginForm />
        <p className="mt-6 text-center text-xs text-slate-500">
          First start? The admin login was printed in the terminal that runs Tagflow.
        </p>
      </div>
    </main>
  );
}

import type { Metadata } from "next";
import { Toaster } from "sonner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tagflow", template: "%s · Tagflow" },
  description: "Self-hosted console for teams that run Telegram bots",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        {/* Top-right: a toast never covers the inbox composer or any form's buttons at the bottom. */}
        <Toaster position="top-right" richColors closeButton />
      </body>
    </html>
  );
}

// Edits the server cannot take yet (a part that is not valid), kept in this browser so a
// reload or a closed tab does not lose them; read back when the page opens again.
export function readBackup<T>(key: string): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function writeBackup(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked: the leave warning still protects the edit.
  }
}

export function clearBackup(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // nothing to clear
  }
}

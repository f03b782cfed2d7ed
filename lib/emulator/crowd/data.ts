// Static material for the demo crowd: languages, names, short texts, sources.

export interface LanguagePack {
  code: string;
  weight: number;
  firstNames: readonly string[];
  lastNames: readonly string[];
  texts: readonly string[];
}

export const LANGUAGES: readonly LanguagePack[] = [
  {
    code: "en", weight: 45,
    firstNames: ["James", "Emma", "Olivia", "Liam", "Noah", "Ava", "Mia", "Ethan", "Sophia", "Lucas", "Grace", "Jack", "Chloe", "Ryan"],
    lastNames: ["Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Clark", "Lewis", "Walker", "Hall", "Young"],
    texts: ["hi", "hello!", "how much is it?", "do you ship to Canada?", "thanks!", "is this still available?", "what are your hours?", "ok", "can I talk to a human?", "where is my order?", "cool 👍", "price please"],
  },
  {
    code: "ru", weight: 14,
    firstNames: ["Алексей", "Мария", "Дмитрий", "Анна", "Иван", "Екатерина", "Сергей", "Ольга", "Никита", "Дарья"],
    lastNames: ["Иванов", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева", "Козлов", "Новикова"],
    texts: ["привет", "здравствуйте", "сколько стоит?", "спасибо!", "а доставка есть?", "когда будет в наличии?", "ок", "можно оператора?", "где мой заказ?", "круто"],
  },
  {
    code: "es", weight: 10,
    firstNames: ["Mateo", "Lucía", "Santiago", "Sofía", "Diego", "Valentina", "Javier", "Camila", "Pablo", "Elena"],
    lastNames: ["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Ruiz"],
    texts: ["hola", "¿cuánto cuesta?", "gracias!", "¿hacen envíos a México?", "vale", "¿sigue disponible?", "quiero hablar con alguien", "¿dónde está mi pedido?"],
  },
  {
    code: "pt-br", weight: 8,
    firstNames: ["João", "Ana", "Pedro", "Beatriz", "Gabriel", "Larissa", "Rafael", "Juliana", "Lucas", "Fernanda"],
    lastNames: ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Almeida"],
    texts: ["oi", "olá, tudo bem?", "quanto custa?", "obrigado!", "vocês entregam em SP?", "beleza", "ainda tem?", "cadê meu pedido?"],
  },
  {
    code: "de", weight: 6,
    firstNames: ["Lukas", "Anna", "Leon", "Lea", "Finn", "Hannah", "Jonas", "Marie", "Felix", "Laura"],
    lastNames: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann"],
    texts: ["hallo", "was kostet das?", "danke!", "liefert ihr nach Österreich?", "ok", "ist das noch verfügbar?", "wo ist meine Bestellung?"],
  },
  {
    code: "uk", weight: 5,
    firstNames: ["Олександр", "Олена", "Андрій", "Наталія", "Максим", "Ірина", "Богдан", "Софія"],
    lastNames: ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Мельник", "Кравченко"],
    texts: ["привіт", "скільки коштує?", "дякую!", "а доставка є?", "добре", "де моє замовлення?"],
  },
  {
    code: "fa", weight: 4,
    firstNames: ["Ali", "Zahra", "Reza", "Fatemeh", "Mohammad", "Maryam", "Hossein", "Sara"],
    lastNames: ["Ahmadi", "Hosseini", "Karimi", "Rezaei", "Moradi", "Jafari"],
    texts: ["سلام", "قیمتش چنده؟", "ممنون!", "ارسال دارید؟", "باشه", "سفارشم کجاست؟"],
  },
  {
    code: "id", weight: 4,
    firstNames: ["Budi", "Siti", "Agus", "Dewi", "Rizky", "Putri", "Andi", "Ayu"],
    lastNames: ["Santoso", "Wijaya", "Saputra", "Hidayat", "Kurniawan", "Pratama"],
    texts: ["halo", "berapa harganya?", "terima kasih!", "bisa kirim ke Bandung?", "oke", "pesanan saya di mana?"],
  },
  {
    code: "tr", weight: 2,
    firstNames: ["Mehmet", "Ayşe", "Mustafa", "Zeynep", "Emre", "Elif"],
    lastNames: ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik"],
    texts: ["merhaba", "fiyatı ne kadar?", "teşekkürler!", "tamam"],
  },
  {
    code: "it", weight: 2,
    firstNames: ["Marco", "Giulia", "Luca", "Francesca", "Matteo", "Chiara"],
    lastNames: ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi"],
    texts: ["ciao", "quanto costa?", "grazie!", "spedite in Svizzera?", "va bene"],
  },
];

/** Deep-link payloads users arrive with; null = opened the bot directly. */
export const SOURCES: ReadonlyArray<readonly [string | null, number]> = [
  [null, 30],
  ["src_ads1", 14],
  ["src_ads2", 7],
  ["src_instagram", 15],
  ["src_youtube", 12],
  ["src_tiktok", 8],
  ["src_partner_x", 8],
  ["src_referral", 6],
];

export const COMMANDS: readonly string[] = ["/help", "/menu", "/menu", "/help", "/settings"];

/** Latin handles for usernames (Telegram usernames are Latin-only). */
export const HANDLES: readonly string[] = [
  "sunny", "night_owl", "pixel", "nomad", "coffee", "blue_fox", "river", "maple", "atlas",
  "echo", "lucky", "orbit", "panda", "storm", "mint", "vega", "nova", "kite", "delta", "ember",
];

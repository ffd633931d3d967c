/**
 * The demo catalogue: the one list both the database seed (src/seed.ts) and the placeholder image generator
 * (scripts/generate-placeholders.mjs) read, so product slugs and image files cannot drift apart.
 * Plain data only: no imports, so the generator can load it without the Prisma client.
 */

export interface SeedCategory {
  slug: string;
  name: string;
  description: string;
  /** Absent for a top-level category. */
  parentSlug?: string;
}

export interface SeedProduct {
  slug: string;
  name: string;
  description: string;
  /** Integer minor units (US cents). */
  price: number;
  stock: number;
  /** Always a leaf category. */
  categorySlug: string;
  /** Search words a shopper may type that name and description do not hold ("novel", "trainers"). */
  tags: readonly string[];
  /** Sizes and colours: one variant per combination (stock then comes from the variants, not `stock`). */
  variants?: SeedVariants;
}

export interface SeedVariants {
  options: readonly { name: string; values: readonly string[] }[];
  /** Units of every combination in stock. */
  stockEach: number;
  /** Combinations ("42 / Black") on sale but sold out. */
  soldOut?: readonly string[];
  /** Combinations not made at all (no variant). */
  notMade?: readonly string[];
  /** Extra price (cents) of a value, e.g. { XL: 200 }. */
  surcharge?: Readonly<Record<string, number>>;
}

export interface SeedVariant {
  sku: string;
  title: string;
  values: string[];
  price: number;
  stock: number;
}

/** Every combination of the options, in option order, as the seed stores it. */
export function seedVariantsOf(product: SeedProduct): SeedVariant[] {
  const spec = product.variants;
  if (!spec) return [];
  let combinations: string[][] = [[]];
  for (const option of spec.options) combinations = combinations.flatMap((c) => option.values.map((v) => [...c, v]));
  return combinations
    .map((values) => ({ values, title: values.join(" / ") }))
    .filter(({ title }) => !spec.notMade?.includes(title))
    .map(({ values, title }) => ({
      sku: [product.slug, ...values.map((v) => v.toLowerCase().replace(/[^a-z0-9]+/g, "-"))].join("-"),
      title,
      values,
      price: product.price + values.reduce((sum, v) => sum + (spec.surcharge?.[v] ?? 0), 0),
      stock: spec.soldOut?.includes(title) ? 0 : spec.stockEach,
    }));
}

const SIZES = ["S", "M", "L", "XL"] as const;
const size = { name: "Size", values: SIZES };
const shoeSizes = (from: number, to: number) => ({
  name: "Size",
  values: Array.from({ length: to - from + 1 }, (_, i) => String(from + i)),
});

export const SEED_CURRENCY = "USD";

/** Public URL of a product's placeholder image; the file lives in apps/web/public at the same path. */
export function productImageUrl(slug: string): string {
  return `/images/products/${slug}.svg`;
}

// Siblings are listed in display order; the seed stores that order as `position`.
export const SEED_CATEGORIES: readonly SeedCategory[] = [
  { slug: "electronics", name: "Electronics", description: "Audio gear, computers and everything that charges." },
  { slug: "audio", name: "Audio", parentSlug: "electronics", description: "Headphones, speakers and recording gear." },
  {
    slug: "computers",
    name: "Computers & Accessories",
    parentSlug: "electronics",
    description: "Laptops, displays, keyboards and storage.",
  },
  {
    slug: "phones",
    name: "Phones & Accessories",
    parentSlug: "electronics",
    description: "Smartphones, chargers, cases and cables.",
  },

  { slug: "home-kitchen", name: "Home & Kitchen", description: "Tools for cooking and things that make a home." },
  { slug: "cookware", name: "Cookware", parentSlug: "home-kitchen", description: "Pans, pots and knives that last." },
  {
    slug: "coffee-tea",
    name: "Coffee & Tea",
    parentSlug: "home-kitchen",
    description: "Brewers, grinders, kettles and tea.",
  },
  {
    slug: "home-decor",
    name: "Home Decor",
    parentSlug: "home-kitchen",
    description: "Lamps, textiles, mirrors and planters.",
  },

  { slug: "clothing", name: "Clothing", description: "Everyday clothes and shoes in natural materials." },
  {
    slug: "tops-outerwear",
    name: "Tops & Outerwear",
    parentSlug: "clothing",
    description: "Tees, knitwear and jackets.",
  },
  { slug: "footwear", name: "Footwear", parentSlug: "clothing", description: "Sneakers, boots, slippers and socks." },

  { slug: "books", name: "Books", description: "Novels and practical non-fiction." },
  { slug: "fiction", name: "Fiction", parentSlug: "books", description: "Novels and stories." },
  { slug: "non-fiction", name: "Non-Fiction", parentSlug: "books", description: "Cooking, history, work and the outdoors." },
];

export const SEED_PRODUCTS: readonly SeedProduct[] = [
  // Audio
  {
    slug: "aurora-wireless-headphones",
    name: "Aurora Wireless Noise-Cancelling Headphones",
    description:
      "Over-ear headphones with adaptive noise cancelling and 35 hours of battery life. Folds flat into the included hard case.",
    price: 24999,
    stock: 42,
    categorySlug: "audio",
    tags: ["headphones", "noise cancelling", "bluetooth", "over-ear"],
  },
  {
    slug: "pulse-true-wireless-earbuds",
    name: "Pulse True Wireless Earbuds",
    description: "Sweat-resistant earbuds with a pocket-sized charging case and three sizes of silicone tips.",
    price: 7999,
    stock: 120,
    categorySlug: "audio",
    tags: ["earbuds", "bluetooth", "in-ear", "sport"],
  },
  {
    slug: "boombox-mini-bluetooth-speaker",
    name: "Boombox Mini Bluetooth Speaker",
    description: "A palm-sized waterproof speaker with surprisingly full bass. Pairs two units for stereo.",
    price: 4999,
    stock: 85,
    categorySlug: "audio",
    tags: ["speaker", "bluetooth", "portable", "waterproof"],
  },
  {
    slug: "studio-monitor-speakers",
    name: "Studio Monitor Speakers (Pair)",
    description: "Five-inch active monitors with a flat response for mixing, gaming or just listening closely.",
    price: 32900,
    stock: 14,
    categorySlug: "audio",
    tags: ["speakers", "studio", "hi-fi"],
  },
  {
    slug: "vinyl-classic-turntable",
    name: "Vinyl Classic Belt-Drive Turntable",
    description: "A belt-drive turntable with a built-in phono preamp and a pre-mounted cartridge. Plug in and play.",
    price: 19900,
    stock: 0,
    categorySlug: "audio",
    tags: ["record player", "vinyl", "hi-fi"],
  },
  {
    slug: "podcast-usb-microphone",
    name: "Podcast USB Condenser Microphone",
    description: "A cardioid condenser microphone with a headphone jack for zero-latency monitoring.",
    price: 8950,
    stock: 33,
    categorySlug: "audio",
    tags: ["microphone", "podcast", "streaming", "usb"],
  },

  // Computers & Accessories
  {
    slug: "ultrabook-air-14-laptop",
    name: "Ultrabook Air 14 Laptop",
    description: "A 1.2 kg laptop with a 14-inch 2.8K display, 16 GB of RAM and a 512 GB SSD. All-day battery.",
    price: 109900,
    stock: 9,
    categorySlug: "computers",
    tags: ["laptop", "notebook", "ultrabook"],
  },
  {
    slug: "tenkeyless-mechanical-keyboard",
    name: "Tenkeyless Mechanical Keyboard",
    description: "Hot-swappable tactile switches, PBT keycaps and a detachable USB-C cable in a compact layout.",
    price: 11900,
    stock: 58,
    categorySlug: "computers",
    tags: ["keyboard", "mechanical", "usb-c"],
  },
  {
    slug: "ergonomic-wireless-mouse",
    name: "Ergonomic Wireless Mouse",
    description: "A sculpted vertical-grip mouse that pairs with three devices and charges over USB-C.",
    price: 3999,
    stock: 140,
    categorySlug: "computers",
    tags: ["mouse", "ergonomic", "bluetooth"],
  },
  {
    slug: "monitor-27-inch-4k",
    name: "27-inch 4K IPS Monitor",
    description: "A colour-accurate 4K panel with USB-C power delivery, so one cable runs your laptop.",
    price: 34999,
    stock: 21,
    categorySlug: "computers",
    tags: ["monitor", "display", "4k", "usb-c"],
  },
  {
    slug: "usb-c-docking-station",
    name: "USB-C Docking Station, 11-in-1",
    description: "Two HDMI outputs, Ethernet, an SD reader and 100 W pass-through charging in an aluminium shell.",
    price: 12999,
    stock: 37,
    categorySlug: "computers",
    tags: ["dock", "hub", "usb-c", "hdmi"],
  },
  {
    slug: "portable-ssd-1tb",
    name: "Portable SSD 1 TB",
    description: "Up to 1,050 MB/s in a drop-resistant shell smaller than a business card.",
    price: 10999,
    stock: 64,
    categorySlug: "computers",
    tags: ["ssd", "storage", "external drive", "usb-c"],
  },

  // Phones & Accessories
  {
    slug: "nova-x-smartphone",
    name: "Nova X Smartphone 128 GB",
    description: "A 6.1-inch OLED phone with a dual camera and five years of software updates. Unlocked.",
    price: 69900,
    stock: 25,
    categorySlug: "phones",
    tags: ["smartphone", "phone", "unlocked"],
  },
  {
    slug: "gan-65w-wall-charger",
    name: "65 W GaN Fast-Charge Wall Adapter",
    description: "Charges a laptop and a phone at once from a charger the size of a matchbox.",
    price: 3499,
    stock: 200,
    categorySlug: "phones",
    tags: ["charger", "usb-c", "fast charging"],
  },
  {
    slug: "magnetic-wireless-charger",
    name: "Magnetic Wireless Charging Pad",
    description: "Snaps onto the back of compatible phones and charges at up to 15 W.",
    price: 2999,
    stock: 95,
    categorySlug: "phones",
    tags: ["charger", "wireless charging", "magnetic"],
  },
  {
    slug: "rugged-phone-case",
    name: "Rugged Shockproof Phone Case",
    description: "Raised edges and air-cushioned corners survive a 3 m drop onto concrete.",
    price: 2499,
    stock: 180,
    categorySlug: "phones",
    tags: ["phone case", "shockproof", "protective"],
  },
  {
    slug: "braided-usb-c-cable-2m",
    name: "Braided USB-C Cable, 2 m",
    description: "A nylon-braided 100 W cable rated for 20,000 bends.",
    price: 1499,
    stock: 300,
    categorySlug: "phones",
    tags: ["cable", "usb-c", "charging"],
  },
  {
    slug: "power-bank-20000",
    name: "Power Bank 20,000 mAh",
    description: "Enough for four phone charges, with two USB-C ports and a battery level display.",
    price: 4599,
    stock: 0,
    categorySlug: "phones",
    tags: ["power bank", "battery", "portable charger", "usb-c"],
  },

  // Cookware
  {
    slug: "cast-iron-skillet-12",
    name: "Pre-Seasoned Cast Iron Skillet, 12 in",
    description: "Goes from stovetop to oven to campfire, and gets better every time you cook in it.",
    price: 3995,
    stock: 48,
    categorySlug: "cookware",
    tags: ["skillet", "frying pan", "cast iron", "camping"],
  },
  {
    slug: "tri-ply-saucepan-set",
    name: "Tri-Ply Stainless Steel Saucepan Set",
    description: "Three saucepans with lids, fully clad for even heat. Dishwasher and induction safe.",
    price: 14900,
    stock: 17,
    categorySlug: "cookware",
    tags: ["saucepan", "pots", "stainless steel", "induction"],
  },
  {
    slug: "ceramic-nonstick-frying-pan",
    name: "Ceramic Non-Stick Frying Pan, 10 in",
    description: "A PTFE-free ceramic coating that releases eggs without oil.",
    price: 3499,
    stock: 66,
    categorySlug: "cookware",
    tags: ["frying pan", "non-stick", "skillet"],
  },
  {
    slug: "enameled-dutch-oven",
    name: "Enameled Dutch Oven, 5.5 qt",
    description: "Heavy enamelled cast iron for braises, stews and no-knead bread.",
    price: 8900,
    stock: 23,
    categorySlug: "cookware",
    tags: ["dutch oven", "casserole", "cast iron"],
  },
  {
    slug: "chefs-knife-8",
    name: "Chef's Knife, 8 in",
    description: "A forged high-carbon stainless blade with a full tang and a comfortable pakkawood handle.",
    price: 5900,
    stock: 40,
    categorySlug: "cookware",
    tags: ["knife", "chef's knife", "kitchen knife"],
  },
  {
    slug: "bamboo-cutting-board-set",
    name: "Bamboo Cutting Board Set",
    description: "Three boards with juice grooves, sized for bread, vegetables and a whole roast.",
    price: 2799,
    stock: 75,
    categorySlug: "cookware",
    tags: ["cutting board", "chopping board", "bamboo"],
  },

  // Coffee & Tea
  {
    slug: "pour-over-coffee-kit",
    name: "Pour-Over Coffee Kit",
    description: "A ceramic dripper, a glass server and 100 filters: everything for a clean, bright cup.",
    price: 4500,
    stock: 38,
    categorySlug: "coffee-tea",
    tags: ["coffee", "pour-over", "dripper"],
  },
  {
    slug: "conical-burr-grinder",
    name: "Conical Burr Coffee Grinder",
    description: "Forty grind settings from espresso to cold brew, with a quiet, low-heat motor.",
    price: 8999,
    stock: 27,
    categorySlug: "coffee-tea",
    tags: ["coffee grinder", "burr grinder", "espresso"],
  },
  {
    slug: "glass-french-press",
    name: "Glass French Press, 1 L",
    description: "Borosilicate glass and a four-layer stainless filter for eight cups of full-bodied coffee.",
    price: 2999,
    stock: 54,
    categorySlug: "coffee-tea",
    tags: ["coffee", "french press", "cafetiere"],
  },
  {
    slug: "compact-espresso-machine",
    name: "Compact Espresso Machine",
    description: "A 15-bar pump and a steam wand in a machine 15 cm wide. Heats up in 40 seconds.",
    price: 29900,
    stock: 8,
    categorySlug: "coffee-tea",
    tags: ["espresso", "coffee machine", "latte"],
  },
  {
    slug: "gooseneck-electric-kettle",
    name: "Gooseneck Electric Kettle",
    description: "Precise pour, temperature hold and five presets for green tea through French press.",
    price: 6900,
    stock: 31,
    categorySlug: "coffee-tea",
    tags: ["kettle", "tea", "pour-over"],
  },
  {
    slug: "loose-leaf-tea-sampler",
    name: "Loose Leaf Tea Sampler (12 Teas)",
    description: "Twelve tins of single-estate black, green, oolong and herbal teas, about 15 cups each.",
    price: 2400,
    stock: 90,
    categorySlug: "coffee-tea",
    tags: ["tea", "gift set", "sampler"],
  },

  // Home Decor
  {
    slug: "linen-throw-pillow-cover",
    name: "Linen Throw Pillow Cover",
    description: "Stonewashed European linen with a hidden zip. Fits 18 x 18 in inserts.",
    price: 2200,
    stock: 110,
    categorySlug: "home-decor",
    tags: ["cushion cover", "pillow", "linen"],
  },
  {
    slug: "ceramic-table-lamp",
    name: "Ceramic Table Lamp",
    description: "A hand-glazed base with a linen drum shade and a warm dimmable bulb included.",
    price: 7900,
    stock: 19,
    categorySlug: "home-decor",
    tags: ["lamp", "lighting", "bedside"],
  },
  {
    slug: "woven-cotton-throw",
    name: "Woven Cotton Throw Blanket",
    description: "A soft, heavyweight cotton throw with fringed edges. Machine washable.",
    price: 4900,
    stock: 44,
    categorySlug: "home-decor",
    tags: ["blanket", "throw", "sofa"],
  },
  {
    slug: "round-wall-mirror",
    name: "Round Wall Mirror, 24 in",
    description: "A thin brass-finish frame around bevelled glass. Hanging hardware included.",
    price: 8500,
    stock: 12,
    categorySlug: "home-decor",
    tags: ["mirror", "wall decor", "brass"],
  },
  {
    slug: "soy-candle-trio",
    name: "Soy Candle Trio: Cedar, Fig & Sea Salt",
    description: "Three hand-poured soy wax candles with cotton wicks, about 40 hours of burn time each.",
    price: 3200,
    stock: 70,
    categorySlug: "home-decor",
    tags: ["candles", "scented", "gift set"],
  },
  {
    slug: "terracotta-planter-set",
    name: "Terracotta Planter Set",
    description: "Three unglazed terracotta pots with saucers, for herbs on the sill or succulents on a shelf.",
    price: 3600,
    stock: 28,
    categorySlug: "home-decor",
    tags: ["planters", "plant pots", "garden"],
  },

  // Tops & Outerwear
  {
    slug: "organic-cotton-crew-tee",
    name: "Organic Cotton Crew T-Shirt",
    description: "A midweight tee in GOTS-certified organic cotton that keeps its shape wash after wash.",
    price: 2400,
    stock: 250,
    categorySlug: "tops-outerwear",
    tags: ["t-shirt", "tee", "organic cotton"],
    variants: { options: [size, { name: "Colour", values: ["White", "Black", "Navy"] }], stockEach: 20, soldOut: ["XL / Navy", "S / Black"] },
  },
  {
    slug: "merino-crewneck-sweater",
    name: "Merino Wool Crewneck Sweater",
    description: "Fine-gauge extra-fine merino: warm, breathable and never itchy.",
    price: 8900,
    stock: 36,
    categorySlug: "tops-outerwear",
    tags: ["sweater", "jumper", "knitwear", "merino"],
    variants: { options: [size, { name: "Colour", values: ["Charcoal", "Oatmeal"] }], stockEach: 5, soldOut: ["S / Oatmeal"], surcharge: { XL: 500 } },
  },
  {
    slug: "packable-rain-jacket",
    name: "Waterproof Packable Rain Jacket",
    description: "A 2.5-layer shell with taped seams that packs into its own pocket.",
    price: 12900,
    stock: 22,
    categorySlug: "tops-outerwear",
    tags: ["rain jacket", "raincoat", "waterproof", "hiking"],
    variants: { options: [size, { name: "Colour", values: ["Olive", "Black"] }], stockEach: 3, soldOut: ["M / Olive"] },
  },
  {
    slug: "denim-trucker-jacket",
    name: "Denim Trucker Jacket",
    description: "Rigid 13 oz selvedge denim that breaks in and fades to fit you.",
    price: 9800,
    stock: 18,
    categorySlug: "tops-outerwear",
    tags: ["jacket", "denim", "jean jacket"],
    variants: { options: [size], stockEach: 4, soldOut: ["XL"] },
  },
  {
    slug: "fleece-quarter-zip",
    name: "Fleece Quarter-Zip Pullover",
    description: "A recycled-polyester fleece with a high collar for cold mornings and campsites.",
    price: 5900,
    stock: 47,
    categorySlug: "tops-outerwear",
    tags: ["fleece", "pullover", "hiking"],
    variants: { options: [size, { name: "Colour", values: ["Forest", "Grey"] }], stockEach: 6 },
  },
  {
    slug: "oxford-button-down-shirt",
    name: "Oxford Button-Down Shirt",
    description: "A classic-fit oxford cloth shirt that looks right with a blazer or with jeans.",
    price: 5400,
    stock: 63,
    categorySlug: "tops-outerwear",
    tags: ["shirt", "oxford", "button-down"],
    variants: { options: [size, { name: "Colour", values: ["White", "Blue"] }], stockEach: 8, notMade: ["XL / Blue"] },
  },

  // Footwear
  {
    slug: "everyday-canvas-sneakers",
    name: "Everyday Canvas Sneakers",
    description: "Low-top canvas sneakers on a vulcanised rubber sole, with a cushioned cork insole.",
    price: 5500,
    stock: 80,
    categorySlug: "footwear",
    tags: ["sneakers", "trainers", "shoes"],
    variants: { options: [shoeSizes(38, 45), { name: "Colour", values: ["White", "Black"] }], stockEach: 5, soldOut: ["42 / Black", "43 / Black"], notMade: ["45 / White"] },
  },
  {
    slug: "trail-running-shoes",
    name: "Trail Running Shoes",
    description: "Aggressive 5 mm lugs, a rock plate and a breathable mesh upper for technical trails.",
    price: 12999,
    stock: 29,
    categorySlug: "footwear",
    tags: ["running shoes", "trainers", "trail", "sneakers"],
    variants: { options: [shoeSizes(39, 46)], stockEach: 4, soldOut: ["42"] },
  },
  {
    slug: "leather-chelsea-boots",
    name: "Leather Chelsea Boots",
    description: "Full-grain leather on a Goodyear-welted sole that can be resoled for years.",
    price: 18900,
    stock: 11,
    categorySlug: "footwear",
    tags: ["boots", "chelsea boots", "leather"],
    variants: { options: [shoeSizes(40, 45), { name: "Colour", values: ["Brown", "Black"] }], stockEach: 1, soldOut: ["44 / Brown", "45 / Black"] },
  },
  {
    slug: "wool-house-slippers",
    name: "Wool House Slippers",
    description: "Boiled wool slippers with a felt footbed and a grippy sole for quick trips outside.",
    price: 4200,
    stock: 57,
    categorySlug: "footwear",
    tags: ["slippers", "house shoes", "wool"],
    variants: { options: [{ name: "Size", values: ["S", "M", "L"] }], stockEach: 19 },
  },
  {
    slug: "waterproof-hiking-boots",
    name: "Waterproof Hiking Boots",
    description: "Mid-height boots with a waterproof membrane and ankle support for long days on the trail.",
    price: 16500,
    stock: 6,
    categorySlug: "footwear",
    tags: ["hiking boots", "boots", "waterproof", "walking"],
    variants: { options: [shoeSizes(40, 46)], stockEach: 1, soldOut: ["40", "46"] },
  },
  {
    slug: "merino-hiking-socks-3-pack",
    name: "Merino Hiking Socks (3-Pack)",
    description: "Cushioned merino blend socks that stay warm when wet and do not hold odours.",
    price: 2800,
    stock: 140,
    categorySlug: "footwear",
    tags: ["socks", "hiking", "merino"],
  },

  // Fiction
  {
    slug: "the-lighthouse-keepers-daughter",
    name: "The Lighthouse Keeper's Daughter",
    description: "A storm strands a cartographer on a northern island whose keeper vanished a decade ago. Paperback.",
    price: 1699,
    stock: 45,
    categorySlug: "fiction",
    tags: ["novel", "literary fiction", "paperback"],
  },
  {
    slug: "city-of-glass-and-rain",
    name: "City of Glass and Rain",
    description: "A noir mystery set in a flooded near-future city where every window is a witness. Hardcover.",
    price: 1899,
    stock: 38,
    categorySlug: "fiction",
    tags: ["novel", "mystery", "crime fiction", "hardcover"],
  },
  {
    slug: "the-last-orbit",
    name: "The Last Orbit",
    description: "The final crew of a decommissioned space station decides not to come home. Paperback.",
    price: 1499,
    stock: 60,
    categorySlug: "fiction",
    tags: ["novel", "science fiction", "sci-fi", "paperback"],
  },
  {
    slug: "winter-in-the-orchard",
    name: "Winter in the Orchard",
    description: "Three generations of a family and one failing apple farm over a single hard winter. Paperback.",
    price: 1599,
    stock: 27,
    categorySlug: "fiction",
    tags: ["novel", "fiction", "family saga", "paperback"],
  },
  {
    slug: "a-map-of-small-hours",
    name: "A Map of Small Hours",
    description: "Linked stories about night-shift workers in one city, from bakers to bridge operators. Hardcover.",
    price: 2199,
    stock: 15,
    categorySlug: "fiction",
    tags: ["short stories", "literary fiction", "hardcover"],
  },
  {
    slug: "the-copper-key",
    name: "The Copper Key",
    description: "A middle-grade adventure about a girl who finds a key that opens any door exactly once. Paperback.",
    price: 1299,
    stock: 52,
    categorySlug: "fiction",
    tags: ["novel", "children's fiction", "adventure", "paperback"],
  },

  // Non-Fiction
  {
    slug: "the-practical-home-cook",
    name: "The Practical Home Cook",
    description: "120 weeknight recipes built from a short pantry list, with a chapter on cooking ahead. Hardcover.",
    price: 3499,
    stock: 24,
    categorySlug: "non-fiction",
    tags: ["cookbook", "recipes", "cooking", "hardcover"],
  },
  {
    slug: "focused-habits-for-deep-work",
    name: "Focused: Habits for Deep Work",
    description: "A short, evidence-based guide to protecting attention in a day full of interruptions. Paperback.",
    price: 1899,
    stock: 41,
    categorySlug: "non-fiction",
    tags: ["productivity", "self-help", "paperback"],
  },
  {
    slug: "a-short-history-of-maps",
    name: "A Short History of Maps",
    description: "From clay tablets to satellite tiles: how maps shaped what people believed about the world.",
    price: 2599,
    stock: 19,
    categorySlug: "non-fiction",
    tags: ["history", "maps", "cartography"],
  },
  {
    slug: "designing-reliable-data-systems",
    name: "Designing Reliable Data Systems",
    description: "Replication, partitioning and transactions explained with diagrams and real failure stories.",
    price: 4999,
    stock: 33,
    categorySlug: "non-fiction",
    tags: ["software", "databases", "engineering"],
  },
  {
    slug: "the-trail-runners-handbook",
    name: "The Trail Runner's Handbook",
    description: "Training plans, gear advice and route-finding for your first 50 km. Paperback.",
    price: 2299,
    stock: 26,
    categorySlug: "non-fiction",
    tags: ["running", "guide", "outdoors", "paperback"],
  },
  {
    slug: "small-space-gardening",
    name: "Small-Space Gardening",
    description: "Grow vegetables and herbs on a balcony, a windowsill or a few square metres of yard.",
    price: 1999,
    stock: 30,
    categorySlug: "non-fiction",
    tags: ["gardening", "guide", "balcony"],
  },
];

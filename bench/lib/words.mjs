/**
 * Vocabulary for the synthetic catalogue. Real catalogues have a few very common words ("black", "set", "with")
 * and a long tail of rare ones (brands, model codes, niche terms); the full-text planner estimates selectivity
 * from exactly that spread, so a tiny vocabulary (every word in ~10 % of rows) makes it misplan `q=` queries.
 * Head: real English words; tail: pronounceable pseudo-words from a seeded generator (deterministic per run).
 */

export const ADJECTIVES = `classic modern vintage compact portable premium lightweight durable waterproof wireless
ergonomic slim deluxe rustic elegant sturdy foldable adjustable eco organic handmade minimalist professional
outdoor indoor smart soft heavy ultra mini large small essential everyday travel urban retro luxury basic
insulated reusable rechargeable magnetic breathable stretch quilted padded reversible stackable modular cordless
digital analog silent rapid precision heritage nordic coastal alpine tropical desert arctic studio signature`.split(/\s+/);

export const COLORS = `black white grey gray silver gold navy blue red green olive beige brown tan cream ivory pink
rose coral orange yellow mustard teal turquoise mint lavender purple plum burgundy charcoal graphite sand stone
walnut oak espresso copper bronze slate sage denim khaki`.split(/\s+/);

export const MATERIALS = `cotton linen wool cashmere leather suede canvas denim silk bamboo oak walnut maple pine
steel aluminium titanium copper brass ceramic porcelain glass crystal marble granite concrete rubber silicone
nylon polyester fleece felt cork rattan wicker jute hemp velvet`.split(/\s+/);

export const NOUNS = `backpack bag tote wallet belt watch bracelet necklace ring earrings sunglasses hat cap scarf
gloves jacket coat hoodie sweater shirt tshirt polo dress skirt jeans trousers shorts leggings socks sneakers boots
sandals loafers slippers mug cup bowl plate teapot kettle pan skillet knife cuttingboard blender toaster grinder
lamp chair stool table desk shelf bookcase cabinet mirror rug cushion blanket throw duvet pillow towel curtain
vase candle planter clock frame speaker headphones earbuds charger cable keyboard mouse monitor stand dock webcam
microphone tripod camera lens drone tablet case sleeve notebook journal pen pencil marker planner calendar puzzle
game kit set bundle organizer tray basket box jar bottle flask tumbler thermos cooler tent sleepingbag mat
hammock lantern flashlight compass bicycle helmet pump lock bell glove ball racket paddle board skateboard
yoga block strap dumbbell kettlebell band roller trimmer shaver brush comb dryer straightener diffuser
humidifier purifier fan heater vacuum mop broom bucket sponge detergent soap shampoo conditioner lotion serum
cream balm perfume cologne toy doll puzzle blocks crayons easel stroller carrier bib bottle teether`.split(/\s+/);

/** Common description words, roughly in descending real-world frequency (rank 1 = most common). */
export const COMMON = `the and with for a of to in is this your our from that it on made by designed perfect
great all day use easy clean care gift ideal quality comfort style fit features durable soft includes each size
home everyday new one two three set design finish built high long lasting reliable simple natural hand crafted
keeps holds fits most perfect choice any room office kitchen travel outdoor work weekend family friends kids
adults pets safe tested certified warranty year guarantee free shipping returns order today limited edition
colour color options available sizes small medium large extra pack piece pieces inch cm mm weight light strong
premium materials sourced responsibly sustainable recycled packaging energy efficient low noise fast charging
battery life hours minutes water resistant dishwasher machine washable wipe dust proof scratch slip grip handle
lid base cover strap pocket zipper button magnetic closure adjustable removable compact storage easy assembly
tools required no needed instructions included compatible most devices models universal standard`.split(/\s+/);

const SYLLABLES = `ka ri to ne sa mo lu ve zi pa do ra ki ni so ta me lo fe ba gu hi ja ko le mu na or pi qu
se ti ul vo wa xe yo za bri cla dro fla gre kro pla sta tri vex zor mar tel kan dor lin sor vin bel cor fin gar`.split(/\s+/);

/** A small deterministic PRNG (mulberry32), so the same seed gives the same vocabulary. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct pseudo-words of 2-4 syllables. */
export function pseudoWords(count, seed) {
  const random = prng(seed);
  const seen = new Set([...COMMON, ...ADJECTIVES, ...COLORS, ...MATERIALS, ...NOUNS]);
  const out = [];
  while (out.length < count) {
    const n = 2 + Math.floor(random() * 3);
    let w = "";
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      out.push(w);
    }
  }
  return out;
}

export const TOP_CATEGORIES = `Electronics Home Kitchen Fashion Sports Outdoors Beauty Toys Office Garden`.split(/\s+/);
export const MID_CATEGORIES = `Essentials Accessories Premium Basics Classics Gear Supplies Collection`.split(/\s+/);
export const LEAF_CATEGORIES = `Everyday Travel Pro Kids Eco Compact Deluxe Vintage`.split(/\s+/);

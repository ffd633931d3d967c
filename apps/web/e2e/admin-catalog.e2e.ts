/**
 * The back office's catalogue, as a shop owner uses it: an admin (signed up through the UI, promoted in the
 * database like account.e2e.ts does) creates a product, changes its price and restocks it, uploads an image, and
 * sees each change in the shop; server-side validation messages appear next to their field; the category tree
 * and the CSV import work; axe finds nothing on the list and edit pages; at tablet width (820 px) nothing makes
 * the page scroll sideways. Screenshots at 1280, 820 and 390 px go to the test's output folder.
 */
import { deflateSync, crc32 } from "node:zlib";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { expectNoViolations, newPhone, signInWithCode, withDb } from "./support";

const stamp = Date.now().toString(36);
const productName = `Back Office Lamp ${stamp}`;
const slug = `back-office-lamp-${stamp}`;

/** A real PNG made at run time (a colour gradient): no binary fixture in the repository. */
function gradientPng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const p = row + 1 + x * 3;
      raw[p] = Math.round((x / width) * 255);
      raw[p + 1] = Math.round((y / height) * 255);
      raw[p + 2] = 160;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** Nothing wider than the viewport: the page itself never scrolls sideways (a wide table scrolls in its own box). */
async function expectNoHorizontalOverflow(page: Page, what: string) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${what}: page width ${scroll} > viewport ${client}`).toBeLessThanOrEqual(client);
}

test.describe.serial("back office: catalogue", () => {
  let context: BrowserContext;
  let page: Page;
  let productId: string;

  // One signed-in admin for the whole story (a context of its own: axe needs one, and so do downloads).
  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    const phone = newPhone();
    await signInWithCode(page, phone, { name: "Owner Olga" });
    await withDb((db) => db.query("UPDATE users SET role = 'admin' WHERE phone = $1", [phone]));
  });

  test.afterAll(async () => {
    await context?.close();
  });

  test("the shell: an Admin link, the back-office nav, and a product created for this run", async () => {
    await page.goto("/");
    await page.getByRole("link", { name: "Admin", exact: true }).click();
    await expect(page).toHaveURL(/\/admin$/);
    const nav = page.getByRole("navigation", { name: "Back office" });
    for (const name of ["Dashboard", "Products", "Categories", "Orders", "Customers", "Reviews", "Audit log"]) {
      await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
    }
    await nav.getByRole("link", { name: "Products", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Products", exact: true })).toHaveAttribute("aria-current", "page");

    await page.getByRole("link", { name: "New product" }).click();
    await page.getByLabel("Name", { exact: true }).fill(productName);
    await page.getByLabel(/^Slug/).fill(slug);
    await page.getByLabel("Price").fill("19.99");
    await page.getByLabel("Stock").fill("3");
    await page.getByRole("button", { name: "Create product" }).click();
    await expect(page.getByRole("status")).toContainText(`Created ${productName}`);
  });

  test("the list: search, filters and page kept in the address, axe-clean, usable at tablet width", async () => {
    await page.goto("/admin/products");
    await page.getByLabel("Search").fill(stamp);
    await page.getByLabel("Status").selectOption("active");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]q=${stamp}`));
    await expect(page).toHaveURL(/status=active/);
    const row = page.getByRole("row", { name: new RegExp(productName) });
    await expect(row).toBeVisible();
    await expect(row).toContainText("$19.99");
    await expect(page.getByText("1 product", { exact: true })).toBeVisible();
    // The address alone reproduces the list (a shared link, reload, back/forward).
    await page.reload();
    await expect(page.getByLabel("Search")).toHaveValue(stamp);
    await expect(page.getByRole("row", { name: new RegExp(productName) })).toBeVisible();
    await page.goto(`/admin/products?q=${stamp}&status=archived`);
    await expect(page.getByRole("heading", { name: "No products match these filters" })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole("row", { name: new RegExp(productName) })).toBeVisible();
    await expectNoViolations(page, "admin product list");
    await page.screenshot({ path: test.info().outputPath("products-1280.png"), fullPage: true });

    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto("/admin/products");
    await expect(page.getByRole("table")).toBeVisible();
    await expectNoHorizontalOverflow(page, "product list at 820 px");
    await page.screenshot({ path: test.info().outputPath("products-820.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expectNoHorizontalOverflow(page, "product list at 390 px");
    await page.screenshot({ path: test.info().outputPath("products-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test("edit a price: the shop shows the new one; a bad slug is refused next to its field", async () => {
    await page.goto(`/admin/products?q=${stamp}`);
    await page.getByRole("link", { name: productName }).click();
    await expect(page.getByRole("heading", { level: 1, name: productName })).toBeVisible();
    productId = page.url().split("/").at(-1)!;

    const slugField = page.getByLabel("Slug");
    await slugField.fill("Not A Slug!");
    await page.getByRole("button", { name: "Save details" }).click();
    await expect(slugField).toHaveAttribute("aria-invalid", "true");
    await expect(slugField).toHaveAccessibleDescription(/Lowercase letters, digits and single hyphens/);
    await slugField.fill(slug);
    await page.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
    await expect(slugField).not.toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Price (USD)").fill("24.50");
    await page.getByRole("button", { name: "Save options and variants" }).click();
    await expect(page.getByText("Options and variants saved.")).toBeVisible();

    await page.goto(`/products/${slug}`);
    await expect(page.locator(".price.big")).toHaveText("$24.50");
  });

  test("restock a variant: out of stock in the shop, then in stock with the new count, with its history", async () => {
    await page.goto(`/admin/products/${productId}`);
    const stock = page.getByRole("form", { name: /^Adjust stock of/ });
    await stock.getByLabel("Change").selectOption("set");
    await stock.getByLabel("Counted stock").fill("0");
    await stock.getByLabel("Reason").selectOption("correction");
    await stock.getByRole("button", { name: "Save stock change" }).click();
    await expect(page.getByText(/is now 0\./)).toBeVisible();
    await page.goto(`/products/${slug}`);
    await expect(page.getByText("Out of stock")).toBeVisible();

    await page.goto(`/admin/products/${productId}`);
    await stock.getByLabel("Change").selectOption("add");
    await stock.getByLabel("Units").fill("12");
    await stock.getByLabel("Reason").selectOption("restock");
    await stock.getByLabel("Note (optional)").fill("Delivery from the workshop");
    await stock.getByRole("button", { name: "Save stock change" }).click();
    await expect(page.getByText(/is now 12\./)).toBeVisible();
    await page.getByRole("button", { name: "Show history" }).click();
    const history = page.getByRole("region", { name: /^Stock history of/ });
    await expect(history.getByRole("row").nth(1)).toContainText("+12");
    await expect(history.getByRole("row").nth(1)).toContainText("Delivery from the workshop");
    await expect(history.getByRole("row").nth(2)).toContainText("-3");

    await page.goto(`/products/${slug}`);
    await expect(page.getByText("In stock: 12")).toBeVisible();
  });

  test("upload an image with a preview: the shop shows it on the product page", async () => {
    await page.goto(`/admin/products/${productId}`);
    await expect(page.getByText("No images yet")).toBeVisible();
    await page.getByLabel("Image file").setInputFiles({ name: "lamp.png", mimeType: "image/png", buffer: gradientPng(900, 600) });
    await expect(page.getByRole("img", { name: "Preview of the chosen image" })).toBeVisible();
    await page.getByLabel("Alt text", { exact: true }).last().fill("The lamp lit, seen from the side");
    await page.getByRole("button", { name: "Upload image" }).click();
    await expect(page.locator(".image-list").getByText("Main image")).toBeVisible();
    await expect(page.getByLabel("Alt text", { exact: true }).first()).toHaveValue("The lamp lit, seen from the side");
    await expectNoViolations(page, "admin product edit page");
    await page.screenshot({ path: test.info().outputPath("product-edit-1280.png"), fullPage: true });

    // A variant's image survives later saves of the variants (the API takes "no image" when none is sent).
    await page.getByLabel("Image", { exact: true }).selectOption({ label: "Main image: The lamp lit, seen from the side" });
    await page.getByRole("button", { name: "Save options and variants" }).click();
    await expect(page.getByText("Options and variants saved.")).toBeVisible();
    await page.reload();
    await page.getByLabel("Compare-at price").fill("30.00");
    await page.getByRole("button", { name: "Save options and variants" }).click();
    await expect(page.getByText("Options and variants saved.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Image", { exact: true })).not.toHaveValue("");
    await expect(page.getByLabel("Compare-at price")).toHaveValue("30.00");

    await page.goto(`/products/${slug}`);
    const image = page.getByRole("img", { name: "The lamp lit, seen from the side" }).first();
    await expect(image).toBeVisible();
    await expect(image).toHaveAttribute("src", /\.webp$/);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(`/admin/products/${productId}`);
    await expectNoHorizontalOverflow(page, "product edit page at 820 px");
    await page.screenshot({ path: test.info().outputPath("product-edit-820.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expectNoHorizontalOverflow(page, "product edit page at 390 px");
    await page.screenshot({ path: test.info().outputPath("product-edit-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test("archive after confirming (gone from the shop), then restore", async () => {
    await page.goto(`/admin/products/${productId}`);
    await page.getByRole("button", { name: "Archive product" }).click();
    const dialog = page.getByRole("dialog", { name: `Archive ${productName}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("button", { name: "Archive product" })).toBeFocused();
    await page.getByRole("button", { name: "Archive product" }).click();
    await dialog.getByRole("button", { name: "Archive", exact: true }).click();
    await expect(page.getByRole("button", { name: "Restore product" })).toBeVisible();
    expect((await page.goto(`/products/${slug}`))?.status()).toBe(404);

    await page.goto(`/admin/products/${productId}`);
    await page.getByRole("button", { name: "Restore product" }).click();
    await expect(page.getByRole("button", { name: "Archive product" })).toBeVisible();
  });

  test("categories: create, rename, reorder by keyboard, archive after confirming", async () => {
    const first = `Lighting ${stamp}`;
    const second = `Outdoor ${stamp}`;
    await page.goto("/admin/categories");
    for (const name of [first, second]) {
      if (!(await page.getByLabel("Name", { exact: true }).first().isVisible())) await page.getByText("New category").click();
      await page.getByRole("form", { name: "New category" }).getByLabel("Name", { exact: true }).fill(name);
      await page.getByRole("button", { name: "Create category" }).click();
      await expect(page.getByText(`Created ${name}.`)).toBeVisible();
    }
    const rows = page.locator(".category-row strong");
    const order = async () => (await rows.allTextContents()).filter((t) => t.endsWith(stamp));
    await expect.poll(order).toEqual([first, second]);
    await page.getByRole("button", { name: `Up: move ${second} up` }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(order).toEqual([second, first]);
    // Focus stays on the button that was pressed, on the category that moved.
    await expect(page.getByRole("button", { name: `Up: move ${second} up` })).toBeFocused();

    await page.getByRole("button", { name: `Rename ${first}` }).click();
    const rename = page.getByRole("form", { name: `Rename ${first}` });
    await rename.getByLabel("Name", { exact: true }).fill(`${first} and lamps`);
    await rename.getByRole("button", { name: "Save" }).click();
    await expect(page.locator(".category-row strong", { hasText: `${first} and lamps` })).toBeVisible();

    await page.getByRole("button", { name: `Archive ${second}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Archive category" }).click();
    await expect(page.locator(".category-row", { hasText: second }).getByText("Archived")).toBeVisible();
    await expectNoViolations(page, "admin categories");
    await page.setViewportSize({ width: 820, height: 1180 });
    await expectNoHorizontalOverflow(page, "categories at 820 px");
    await page.screenshot({ path: test.info().outputPath("categories-820.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test("CSV import: the dry run lists the bad rows, then only the good ones are imported; the export downloads", async () => {
    const csv = [
      "sku,product_slug,product_name,price,stock,active,currency",
      `CSV-${stamp}-1,csv-kettle-${stamp},CSV Kettle ${stamp},3500,4,true,USD`,
      `CSV-${stamp}-2,csv-kettle-${stamp},CSV Kettle ${stamp},not-a-price,4,true,USD`,
    ].join("\n");
    await page.goto("/admin/products/import");
    await page.getByLabel("CSV file").setInputFiles({ name: "products.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Check file" }).click();
    const errors = page.getByRole("table", { name: /Rows with errors/ });
    await expect(errors).toBeVisible();
    await expect(errors.getByRole("row", { name: /price/ })).toContainText("3");
    await expectNoViolations(page, "import dry run report");
    await page.getByRole("button", { name: "Import 1 row" }).click();
    await expect(page.getByRole("heading", { name: "Imported" })).toBeVisible();
    await expect(page.getByText(/1 variants created \(1 new products\)/)).toBeVisible();

    await page.goto(`/admin/products?q=CSV+Kettle+${stamp}`);
    await expect(page.getByRole("row", { name: new RegExp(`CSV Kettle ${stamp}`) })).toContainText("$35.00");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^products-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    expect(text.split("\n")[0]).toContain("sku");
    expect(text).toContain(`CSV-${stamp}-1`);
    expect(text).not.toContain(`CSV-${stamp}-2`);
  });

  test("raw routes refuse requests from other origins", async () => {
    const response = await page.request.post(`/admin/products/import/upload?dryRun=true`, {
      headers: { origin: "https://evil.example", "content-type": "text/csv" },
      data: "sku\nX-1\n",
    });
    expect(response.status()).toBe(403);
  });

  test("staff: products and stock only (no catalogue edits, no categories)", async ({ browser }) => {
    const staffContext = await browser.newContext({ viewport: { width: 820, height: 1180 } });
    const staff = await staffContext.newPage();
    try {
      const phone = newPhone();
      await signInWithCode(staff, phone, { name: "Stock Sam" });
      await withDb((db) => db.query("UPDATE users SET role = 'staff' WHERE phone = $1", [phone]));
      await staff.goto("/admin/products");
      const nav = staff.getByRole("navigation", { name: "Back office" });
      // Staff look customers up (read only: the role and block forms are an admin's).
      for (const name of ["Orders", "Customers"]) await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
      for (const name of ["Categories", "Reviews", "Audit log"]) await expect(nav.getByRole("link", { name, exact: true })).toHaveCount(0);
      await expect(staff.getByRole("link", { name: "New product" })).toHaveCount(0);

      await staff.goto(`/admin/products/${productId}`);
      await expect(staff.getByRole("form", { name: "Details" })).toHaveCount(0);
      await expect(staff.getByRole("button", { name: "Archive product" })).toHaveCount(0);
      const stock = staff.getByRole("form", { name: /^Adjust stock of/ });
      await stock.getByLabel("Units").fill("1");
      await stock.getByLabel("Reason").selectOption("returned");
      await stock.getByRole("button", { name: "Save stock change" }).click();
      await expect(staff.getByText(/is now 13\./)).toBeVisible();
      await expectNoHorizontalOverflow(staff, "staff product page at 820 px");

      expect((await staff.goto("/admin/categories"))?.status()).toBe(403);
    } finally {
      await staffContext.close();
    }
  });
});

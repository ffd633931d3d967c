"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { Field, FormErrors, formMessage, issuesOf } from "../../_components/form-errors";
import { rawCall } from "../../_components/raw-client";
import { useTRPC } from "../../../../trpc/client";

export interface PanelImage {
  id: string;
  url: string;
  alt: string;
  width: number | null;
  height: number | null;
}

const ACCEPT = "image/jpeg,image/png,image/webp,image/gif,image/avif";

/**
 * The product's images (admins): upload with a preview first, alt text, order (Move up/down buttons, the first
 * is the main image), delete after confirmation. Uploads go through the raw-body route next to this page.
 */
export function ImagesPanel({ productId, productName, images: initial, maxUploadBytes }: { productId: string; productName: string; images: PanelImage[]; maxUploadBytes: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [images, setImages] = useState(initial);
  const [announcement, setAnnouncement] = useState("");
  const moveButtons = useRef(new Map<string, HTMLButtonElement | null>());
  const pendingFocus = useRef<string | null>(null);
  useEffect(() => setImages(initial), [initial]);
  useEffect(() => {
    if (!pendingFocus.current) return;
    moveButtons.current.get(pendingFocus.current)?.focus();
    pendingFocus.current = null;
  });

  const reorder = useMutation(
    trpc.admin.images.reorder.mutationOptions({
      onSuccess: (list) => {
        setImages(list.items);
        router.refresh();
      },
    }),
  );
  const remove = useMutation(trpc.admin.images.remove.mutationOptions());

  function move(index: number, by: -1 | 1) {
    // One reorder at a time (each sends the whole order); the buttons stay enabled so focus is never lost.
    if (reorder.isPending) return;
    const next = [...images];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    setImages(next);
    // Focus follows the image: the same button, unless the move took it to an end of the list (where that button
    // is disabled), then the other one.
    const target = index + by;
    const atEnd = by === -1 ? target === 0 : target === next.length - 1;
    const same = by === -1 ? "up" : "down";
    pendingFocus.current = `${item!.id}:${atEnd ? (same === "up" ? "down" : "up") : same}`;
    setAnnouncement(`Image moved to position ${target + 1} of ${next.length}.`);
    reorder.mutate({ id: productId, imageIds: next.map((i) => i.id) }, { onError: () => setImages(images) });
  }

  return (
    <section className="admin-section panel" aria-labelledby="images-title">
      <h2 id="images-title">Images</h2>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {reorder.error && (
        <p className="alert" role="alert">
          The new order was not saved: {formMessage(reorder.error)}
        </p>
      )}
      {images.length === 0 ? (
        <p className="muted">No images yet: the shop shows a placeholder.</p>
      ) : (
        <ol className="image-list">
          {images.map((image, index) => (
            <li key={image.id} className="image-item">
              <img src={image.url} alt="" width={120} height={120} className="image-thumb" />
              <div className="image-body">
                <p className="image-position">
                  {index === 0 ? "Main image" : `Image ${index + 1}`}
                  {image.width && image.height ? <span className="muted small"> · {image.width}×{image.height}</span> : null}
                </p>
                <AltForm image={image} index={index} onSaved={(updated) => setImages((all) => all.map((i) => (i.id === updated.id ? { ...i, alt: updated.alt } : i)))} />
                <div className="admin-buttons">
                  <button
                    ref={(el) => {
                      moveButtons.current.set(`${image.id}:up`, el);
                    }}
                    type="button"
                    className="secondary small-button"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                    aria-label={`Move up image ${index + 1}`}
                  >
                    Move up
                  </button>
                  <button
                    ref={(el) => {
                      moveButtons.current.set(`${image.id}:down`, el);
                    }}
                    type="button"
                    className="secondary small-button"
                    disabled={index === images.length - 1}
                    onClick={() => move(index, 1)}
                    aria-label={`Move down image ${index + 1}`}
                  >
                    Move down
                  </button>
                  <ConfirmDialog
                    triggerLabel="Delete"
                    triggerAriaLabel={`Delete image ${index + 1}`}
                    triggerClassName="danger secondary small-button"
                    title="Delete this image?"
                    confirmLabel="Delete image"
                    onConfirm={async () => {
                      try {
                        await remove.mutateAsync({ id: image.id });
                      } catch (error) {
                        throw new Error(formMessage(error));
                      }
                      setImages((all) => all.filter((i) => i.id !== image.id));
                      setAnnouncement("Image deleted.");
                      router.refresh();
                    }}
                  >
                    <img src={image.url} alt="" width={160} height={160} className="image-thumb" />
                    <p>It disappears from the shop at once. Its files are removed; this cannot be undone.</p>
                  </ConfirmDialog>
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
      <UploadForm
        productId={productId}
        productName={productName}
        maxUploadBytes={maxUploadBytes}
        onUploaded={(image) => {
          setImages((all) => [...all, image]);
          setAnnouncement("Image uploaded.");
          router.refresh();
        }}
      />
    </section>
  );
}

function AltForm({ image, index, onSaved }: { image: PanelImage; index: number; onSaved: (image: PanelImage) => void }) {
  const trpc = useTRPC();
  const [saved, setSaved] = useState(false);
  const update = useMutation(trpc.admin.images.update.mutationOptions({ onSuccess: (updated) => (setSaved(true), onSaved(updated)) }));
  const issues = issuesOf(update.error);
  return (
    <form
      className="alt-form"
      aria-label={`Alt text of image ${index + 1}`}
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        update.mutate({ id: image.id, alt: String(new FormData(event.currentTarget).get("alt") ?? "") });
      }}
    >
      <Field label="Alt text" path="alt" issues={issues} hint="What the image shows; empty for a decorative image">
        <input name="alt" defaultValue={image.alt} maxLength={200} />
      </Field>
      {update.error && !issues.length && (
        <p className="alert" role="alert">
          {formMessage(update.error)}
        </p>
      )}
      <div className="admin-buttons">
        <button type="submit" className="secondary small-button" disabled={update.isPending}>
          Save alt text
        </button>
        {saved && (
          <span className="muted small" role="status">
            Saved
          </span>
        )}
      </div>
    </form>
  );
}

function UploadForm({ productId, productName, maxUploadBytes, onUploaded }: { productId: string; productName: string; maxUploadBytes: number; onUploaded: (image: PanelImage) => void }) {
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  function choose(next: File | null) {
    setError(null);
    setLocalProblem(null);
    setFile(next);
    setPreview(next ? URL.createObjectURL(next) : null);
    if (next && next.size > maxUploadBytes) setLocalProblem(`This file is ${(next.size / 1_048_576).toFixed(1)} MiB; the limit is ${Math.floor(maxUploadBytes / 1_048_576)} MiB.`);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setLocalProblem("Choose an image first.");
      return;
    }
    if (localProblem) return;
    const body = new FormData();
    body.append("file", file);
    body.append("alt", String(new FormData(event.currentTarget).get("alt") ?? ""));
    setBusy(true);
    setError(null);
    try {
      const image = await rawCall<PanelImage>(`/admin/products/${productId}/images/upload`, { body });
      form.current?.reset();
      choose(null);
      onUploaded(image);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const issues = issuesOf(error);
  return (
    <form ref={form} className="upload-form" onSubmit={onSubmit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>Add an image</h3>
      <FormErrors error={error} shown={["file", "alt"]} />
      <div className="upload-grid">
        <div className="stack-wide">
          <Field label="Image file" path="file" issues={issues} hint={`JPEG, PNG, WebP, GIF or AVIF, up to ${Math.floor(maxUploadBytes / 1_048_576)} MiB`}>
            <input name="file" type="file" accept={ACCEPT} onChange={(e) => choose(e.target.files?.[0] ?? null)} />
          </Field>
          {localProblem && (
            <p className="field-error" role="alert">
              {localProblem}
            </p>
          )}
          <Field label="Alt text" path="alt" issues={issues} hint="What the image shows, e.g. the product's colour and angle">
            <input name="alt" maxLength={200} placeholder={productName} />
          </Field>
          <div className="admin-buttons">
            <button type="submit" disabled={busy || !file}>
              {busy ? "Uploading…" : "Upload image"}
            </button>
          </div>
        </div>
        <figure className="upload-preview" aria-live="polite">
          {preview ? (
            <>
              {/* The browser's own decoding of the chosen file: exactly what will be sent. */}
              <img src={preview} alt="Preview of the chosen image" />
              <figcaption className="muted small">
                {file?.name} · {file ? `${Math.max(1, Math.round(file.size / 1024))} KiB` : ""}
              </figcaption>
            </>
          ) : (
            <figcaption className="muted small">The preview appears here once you choose a file.</figcaption>
          )}
        </figure>
      </div>
    </form>
  );
}

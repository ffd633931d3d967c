"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "../trpc/client";

export function SignOutButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const logout = useMutation(
    trpc.session.logout.mutationOptions({
      onSuccess: () => {
        router.push("/");
        router.refresh();
      },
    }),
  );
  return (
    <button type="button" className="link" onClick={() => logout.mutate()} disabled={logout.isPending}>
      Sign out
    </button>
  );
}

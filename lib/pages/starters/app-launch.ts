// The "app-launch" starter layout, in English, Vietnamese and Thai.
import {
  block,
  footer,
  formAnchor,
  type PageLocale,
  signupForm,
  type Starter,
  theme,
} from "./kit.ts";

const COPY = {
  en: {
    headline: "The app your mornings deserve",
    sub: "Launching soon on iOS and Android.",
    cta: "Join the waitlist",
    countdown: "Launch in",
    live: "We're live!",
    featuresTitle: "Why you'll love it",
    features: [
      ["☀️", "Morning routines", "Build habits that stick."],
      ["🔔", "Gentle reminders", "Nudges at the right moment."],
    ],
    formTitle: "Get early access",
    done: "You're on the list! We'll email you as soon as we launch.",
  },
  vi: {
    headline: "Ứng dụng dành cho những buổi sáng trọn vẹn",
    sub: "Sắp ra mắt trên iOS và Android.",
    cta: "Đăng ký nhận tin",
    countdown: "Ra mắt sau",
    live: "Đã chính thức ra mắt!",
    featuresTitle: "Vì sao bạn sẽ thích",
    features: [
      ["☀️", "Thói quen buổi sáng", "Xây dựng thói quen tốt và duy trì lâu dài."],
      ["🔔", "Nhắc nhở nhẹ nhàng", "Lời nhắc đến đúng lúc bạn cần."],
    ],
    formTitle: "Nhận quyền truy cập sớm",
    done: "Bạn đã có tên trong danh sách! Chúng tôi sẽ gửi email ngay khi ra mắt.",
  },
  th: {
    headline: "แอปที่ทำให้ทุกเช้าของคุณดีขึ้น",
    sub: "เร็ว ๆ นี้บน iOS และ Android",
    cta: "ลงชื่อรอใช้งาน",
    countdown: "เปิดตัวในอีก",
    live: "เปิดให้ใช้งานแล้ว!",
    featuresTitle: "ทำไมคุณจะชอบ",
    features: [
      ["☀️", "กิจวัตรยามเช้า", "สร้างนิสัยที่ดีให้ติดเป็นประจำ"],
      ["🔔", "การแจ้งเตือนแบบนุ่มนวล", "เตือนในจังหวะที่ใช่"],
    ],
    formTitle: "รับสิทธิ์ใช้งานก่อนใคร",
    done: "คุณอยู่ในรายชื่อแล้ว! เราจะส่งอีเมลถึงคุณทันทีที่เปิดตัว",
  },
} satisfies Record<PageLocale, unknown>;

export default {
  id: "app-launch",
  name: "App launch",
  description: "A bold launch page with a countdown and a waitlist.",
  content: (locale: PageLocale = "en") => {
    const c = COPY[locale];
    return {
      theme: theme("#0369a1", { font: "rounded", radius: "large" }),
      locale,
      blocks: [
        block("hero", {
          headline: c.headline,
          subheadline: c.sub,
          ctaText: c.cta,
          ctaHref: formAnchor("waitlist"),
        }),
        block("countdown", {
          title: c.countdown,
          target: new Date(Date.now() + 30 * 86400000).toISOString(),
          expiredText: c.live,
        }),
        block("features", {
          title: c.featuresTitle,
          columns: 2,
          items: c.features.map(([icon, title, text]) => ({ icon, title, text })),
        }),
        signupForm("waitlist", c.formTitle, c.cta, { successMessage: c.done, locale }),
        footer("Sunrise Apps", [{ label: c.cta, href: formAnchor("waitlist") }], locale),
      ],
    };
  },
} satisfies Starter;

// The "newsletter" starter layout, in English, Vietnamese and Thai.
import {
  block,
  footer,
  formAnchor,
  KIT_WORDS,
  type PageLocale,
  type Starter,
  theme,
} from "./kit.ts";
import type { Block } from "../../blocks.ts";

const COPY = {
  en: {
    headline: "The 5-minute Friday briefing",
    sub: "The week's best ideas on product and growth. Free, every Friday.",
    subscribe: "Subscribe",
    quotes: [
      ["The only newsletter I read every week.", "Jordan P.", "Growth lead"],
      ["Five minutes on Friday saves me hours of reading.", "Mei L.", "Product manager"],
      ["Every issue has one idea I use the next week.", "Chris O.", "Founder"],
    ],
    done: "You're in! Check your inbox to confirm.",
  },
  vi: {
    headline: "Bản tin 5 phút mỗi sáng thứ Sáu",
    sub: "Những ý tưởng hay nhất trong tuần về sản phẩm và tăng trưởng. Miễn phí, mỗi thứ Sáu.",
    subscribe: "Đăng ký nhận bản tin",
    quotes: [
      ["Bản tin duy nhất tôi đọc đều đặn mỗi tuần.", "Hoàng Nam", "Trưởng nhóm tăng trưởng"],
      [
        "Năm phút sáng thứ Sáu giúp tôi tiết kiệm hàng giờ đọc tin.",
        "Mai Linh",
        "Quản lý sản phẩm",
      ],
      ["Số nào cũng có một ý tưởng tôi áp dụng ngay tuần sau.", "Quang Khải", "Nhà sáng lập"],
    ],
    done: "Bạn đã đăng ký! Hãy kiểm tra hộp thư để xác nhận.",
  },
  th: {
    headline: "สรุปข่าว 5 นาทีทุกวันศุกร์",
    sub: "ไอเดียที่ดีที่สุดประจำสัปดาห์เรื่องผลิตภัณฑ์และการเติบโต ฟรีทุกวันศุกร์",
    subscribe: "สมัครรับข่าวสาร",
    quotes: [
      ["จดหมายข่าวฉบับเดียวที่ฉันอ่านทุกสัปดาห์", "จิรายุ พ.", "หัวหน้าฝ่ายการเติบโต"],
      ["ห้านาทีในวันศุกร์ช่วยประหยัดเวลาอ่านได้หลายชั่วโมง", "เมย์ ล.", "ผู้จัดการผลิตภัณฑ์"],
      ["ทุกฉบับมีไอเดียที่ฉันนำไปใช้ได้ในสัปดาห์ถัดไป", "กฤษดา อ.", "ผู้ก่อตั้ง"],
    ],
    done: "สมัครเรียบร้อย! โปรดตรวจสอบกล่องจดหมายเพื่อยืนยัน",
  },
} satisfies Record<PageLocale, unknown>;

export default {
  id: "newsletter",
  name: "Newsletter",
  description: "A focused signup page for a newsletter or community.",
  content: (locale: PageLocale = "en") => {
    const c = COPY[locale];
    return {
      theme: theme("#15803d", { spacing: "compact" }),
      locale,
      blocks: [
        block("hero", {
          headline: c.headline,
          subheadline: c.sub,
          ctaText: c.subscribe,
          ctaHref: formAnchor("subscribe"),
        }),
        block("testimonials", {
          items: c.quotes.map(([quote, author, role]) => ({ quote, author, role })),
        }),
        {
          ...block("form", {
            title: c.subscribe,
            fields: [
              { name: "email", label: KIT_WORDS[locale].email, type: "email", required: true },
            ],
            submitText: c.subscribe,
            successMessage: c.done,
          }),
          id: "subscribe",
        } as Block,
        footer("Friday Briefing", [{ label: c.subscribe, href: formAnchor("subscribe") }], locale),
      ],
    };
  },
} satisfies Starter;

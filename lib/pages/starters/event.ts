// The "event" starter layout, in English, Vietnamese and Thai.
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
    sub: "Two days of talks and workshops · Lisbon · June 12–13",
    cta: "Register now",
    countdown: "Doors open in",
    over: "See you next year!",
    agenda: "Agenda",
    items: [
      ["🎤", "Keynotes", "Industry leaders on the future of design."],
      ["🛠️", "Workshops", "Hands-on sessions in small groups."],
      ["🥂", "Networking", "Evening social on the river."],
    ],
    tickets: "Tickets",
    plans: [
      ["Standard", "€299", ["Both days", "Lunch included"], "Buy"],
      ["VIP", "€549", ["Both days", "Workshops", "Speaker dinner"], "Buy VIP"],
    ],
    formTitle: "Register",
    submit: "Save my seat",
    done: "You're registered! Your confirmation is on its way.",
  },
  vi: {
    sub: "Hai ngày diễn thuyết và hội thảo thực hành · Đà Nẵng · 12–13 tháng 6",
    cta: "Đăng ký ngay",
    countdown: "Sự kiện bắt đầu sau",
    over: "Hẹn gặp lại năm sau!",
    agenda: "Chương trình",
    items: [
      ["🎤", "Diễn thuyết chính", "Những người dẫn đầu ngành bàn về tương lai của thiết kế."],
      ["🛠️", "Hội thảo thực hành", "Các buổi thực hành theo nhóm nhỏ."],
      ["🥂", "Giao lưu kết nối", "Buổi gặp gỡ buổi tối bên bờ sông Hàn."],
    ],
    tickets: "Vé tham dự",
    plans: [
      ["Vé thường", "1.990.000 ₫", ["Cả hai ngày", "Bao gồm bữa trưa"], "Mua vé"],
      [
        "Vé VIP",
        "3.490.000 ₫",
        ["Cả hai ngày", "Hội thảo thực hành", "Tiệc tối cùng diễn giả"],
        "Mua vé VIP",
      ],
    ],
    formTitle: "Đăng ký tham dự",
    submit: "Giữ chỗ cho tôi",
    done: "Bạn đã đăng ký thành công! Thư xác nhận đang được gửi đến bạn.",
  },
  th: {
    sub: "สองวันเต็มกับการบรรยายและเวิร์กช็อป · เชียงใหม่ · 12–13 มิถุนายน",
    cta: "ลงทะเบียนเลย",
    countdown: "งานจะเริ่มในอีก",
    over: "แล้วพบกันปีหน้า!",
    agenda: "กำหนดการ",
    items: [
      ["🎤", "ปาฐกถาพิเศษ", "ผู้นำในวงการพูดถึงอนาคตของงานออกแบบ"],
      ["🛠️", "เวิร์กช็อป", "ลงมือทำจริงในกลุ่มเล็ก"],
      ["🥂", "พบปะสังสรรค์", "งานเลี้ยงยามค่ำริมแม่น้ำปิง"],
    ],
    tickets: "บัตรเข้างาน",
    plans: [
      ["บัตรทั่วไป", "฿4,900", ["เข้าร่วมได้ทั้งสองวัน", "รวมอาหารกลางวัน"], "ซื้อบัตร"],
      ["บัตร VIP", "฿8,900", ["เข้าร่วมได้ทั้งสองวัน", "เวิร์กช็อป", "ดินเนอร์กับวิทยากร"], "ซื้อบัตร VIP"],
    ],
    formTitle: "ลงทะเบียน",
    submit: "จองที่นั่งของฉัน",
    done: "ลงทะเบียนเรียบร้อยแล้ว! เรากำลังส่งอีเมลยืนยันถึงคุณ",
  },
} satisfies Record<PageLocale, unknown>;

export default {
  id: "event",
  name: "Event",
  description: "Conference or meetup: agenda, speakers and registration.",
  content: (locale: PageLocale = "en") => {
    const c = COPY[locale];
    return {
      theme: theme("#be185d"),
      locale,
      blocks: [
        block("hero", {
          headline: "DesignConf 2027",
          subheadline: c.sub,
          ctaText: c.cta,
          ctaHref: formAnchor("register"),
        }),
        block("countdown", {
          title: c.countdown,
          target: new Date(Date.now() + 60 * 86400000).toISOString(),
          expiredText: c.over,
        }),
        block("features", {
          title: c.agenda,
          columns: 3,
          items: c.items.map(([icon, title, text]) => ({ icon, title, text })),
        }),
        block("pricing", {
          title: c.tickets,
          plans: c.plans.map(([name, price, features, ctaText], i) => ({
            name,
            price,
            features,
            ctaText,
            ctaHref: formAnchor("register"),
            highlighted: i === 1,
          })),
        }),
        signupForm("register", c.formTitle, c.submit, {
          company: true,
          successMessage: c.done,
          locale,
        }),
        footer("DesignConf", [{ label: c.formTitle, href: formAnchor("register") }], locale),
      ],
    };
  },
} satisfies Starter;

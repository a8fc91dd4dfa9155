// Which view the panel shows: the top of the router's stack, mapped to its component.
import { stack } from "./router.js";
import ArticleView from "./views/article.jsx";
import ChatView from "./views/chat.jsx";
import ContactView from "./views/contact.jsx";
import HomeView from "./views/home.jsx";
import NewRequestView from "./views/new_request.jsx";
import PageHelpView from "./views/page_help.jsx";
import RemoteSupportView from "./views/remote_support.jsx";
import RequestView from "./views/request.jsx";
import RequestsView from "./views/requests.jsx";
import SearchView from "./views/search.jsx";
import SpeedTestView from "./views/speed_test.jsx";
import StatusView from "./views/status.jsx";
import TrainingsView from "./views/trainings.jsx";

/** View components by the router's view name. */
export const VIEWS = {
  home: HomeView,
  search: SearchView,
  article: ArticleView,
  page_help: PageHelpView,
  chat: ChatView,
  requests: RequestsView,
  request: RequestView,
  new_request: NewRequestView,
  trainings: TrainingsView,
  remote_support: RemoteSupportView,
  speed_test: SpeedTestView,
  status: StatusView,
  contact: ContactView,
};

// Each stack entry gets its own key, so showing the same view with new params starts it afresh.
const keys = new WeakMap();
let lastKey = 0;

function keyOf(entry) {
  if (!keys.has(entry)) keys.set(entry, ++lastKey);
  return keys.get(entry);
}

export default function App() {
  const entries = stack.value;
  const top = entries[entries.length - 1];
  const View = VIEWS[top.name] || HomeView;
  return <View key={keyOf(top)} params={top.params || {}} />;
}

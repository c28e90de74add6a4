//! A search box that shows its own matches: the procedure search and the search of the signs.
//! It is a component of its own so that a key typed re-renders the box and its matches only,
//! not the whole app (the page around it, with its checkboxes, stays as it is). What is typed
//! lives here for as long as the box is on the page; the owner gives what to start from and
//! hears every change, to keep it elsewhere if it wants to.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`SearchBox`].
#[derive(Properties, PartialEq)]
pub struct SearchProps {
    /// The input's id; its hint is `<id>-hint`.
    pub id: AttrValue,
    pub label: AttrValue,
    pub hint: AttrValue,
    /// The form's class, if any.
    #[prop_or_default]
    pub class: Option<AttrValue>,
    /// What the box holds when it appears.
    #[prop_or_default]
    pub initial: String,
    /// Told every change of what is typed.
    #[prop_or_default]
    pub on_input: Callback<String>,
    /// What was found for what is typed.
    pub matches: Callback<String, Found>,
}

/// What the owner found for a query, shown below the box.
pub struct Found {
    /// How many, in words ("3 results"); empty when nothing is typed. The box puts it in a
    /// `role="status"` element that is there from the start, so a screen reader announces
    /// each new count, whichever page the box is on.
    pub status: String,
    /// The matches themselves.
    pub list: Html,
}

/// The search form and, below it, its matches. A struct component: it measured smaller in the
/// module than a function component with a state hook.
pub struct SearchBox {
    /// What is typed.
    query: String,
}

impl Component for SearchBox {
    /// What is typed now.
    type Message = String;
    type Properties = SearchProps;

    fn create(ctx: &Context<Self>) -> SearchBox {
        SearchBox { query: ctx.props().initial.clone() }
    }

    fn update(&mut self, ctx: &Context<Self>, typed: String) -> bool {
        ctx.props().on_input.emit(typed.clone());
        self.query = typed;
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let props = ctx.props();
        let oninput =
            ctx.link().callback(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
        let hint = format!("{}-hint", props.id);
        let found = props.matches.emit(self.query.clone());
        html! {
            <>
                <form class={props.class.clone()} role="search" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <label class="label" for={props.id.clone()}>{ &props.label }</label>
                    <div class="hint" id={hint.clone()}>{ &props.hint }</div>
                    <input class="input" type="search" id={props.id.clone()} aria-describedby={hint}
                        value={self.query.clone()} {oninput} autocomplete="off" />
                </form>
                <p class="meta" role="status">{ found.status }</p>
                { found.list }
            </>
        }
    }
}
